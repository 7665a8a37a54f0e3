import { readJson } from "@/server/http/body";
import { route } from "@/server/http/route";
import { sessionResponse } from "@/server/http/session-cookies";
import { registerUser } from "@/server/services/auth/register";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** 201 `{ accessToken, user }` + cookies; 409 CONFLICT when the email is taken. */
export const POST = route({ auth: "none" }, async ({ req, config }) => {
  const session = await registerUser(await readJson(req), { config });
  return sessionResponse(session, config, 201);
});
