import { errorResponse, route } from "@/server/http/route";
import { clearSessionCookies, refreshTokenOf, sessionResponse } from "@/server/http/session-cookies";
import { refreshSession } from "@/server/services/auth/refresh";

/** Rotates the refresh cookie: 200 `{ accessToken, user }`, or 401 with both cookies cleared. */
export const POST = route({ auth: "none" }, async ({ req, config }) => {
  try {
    return sessionResponse(await refreshSession(refreshTokenOf(req), { config }), config);
  } catch (e) {
    return clearSessionCookies(errorResponse(e), config);
  }
});
