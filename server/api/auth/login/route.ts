import { readJson } from "@/server/http/body";
import { parseInput } from "@/server/validation";
import { route } from "@/server/http/route";
import { sessionResponse } from "@/server/http/session-cookies";
import { login, loginInput } from "@/server/services/auth/login";

/** 200 `{ accessToken, user }` + cookies; 401 on wrong credentials; 429/503 (Retry-After): server/README.md "Limits". */
export const POST = route({ auth: "none" }, async ({ req, config, ip }) => {
  const session = await login(parseInput(loginInput, await readJson(req)), { config, ip });
  return sessionResponse(session, config);
});
