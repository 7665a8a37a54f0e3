import { json, withAuth } from "@/server/http/route";
import { getMe } from "@/server/services/users/get-me";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** 200 `{ user }`. */
export const GET = withAuth(async ({ auth }) => json({ user: await getMe(auth.userId) }));
