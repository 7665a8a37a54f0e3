import { readJson } from "@/server/http/body";
import { parseInput } from "@/server/validation";
import { route } from "@/server/http/route";
import { sessionResponse } from "@/server/http/session-cookies";
import { registerInput, registerUser } from "@/server/services/auth/register";

/** 201 `{ accessToken, user }` + cookies; 409 CONFLICT when the email is taken; 429 (Retry-After) past the per-IP limit. */
export const POST = route({ auth: "none" }, async ({ req, config, ip }) => {
  const session = await registerUser(parseInput(registerInput, await readJson(req)), { config, ip });
  return sessionResponse(session, config, 201);
});
