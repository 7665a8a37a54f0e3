import { json, withAuth } from "@/server/http/route";
import { getMe } from "@/server/services/users/get-me";

/** 200 `{ user }`. */
export const GET = withAuth(async ({ auth }) => json({ user: await getMe(auth.userId) }));
