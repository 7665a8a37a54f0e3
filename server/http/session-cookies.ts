import type { AuthResponse } from "@/contracts/dto";
import type { RuntimeConfig } from "../runtime";
import type { IssuedSession } from "../services/auth/session";
import { ACCESS_COOKIE, REFRESH_COOKIE, REFRESH_COOKIE_PATH, SESSION_HINT_COOKIE, parseCookies, serializeCookie } from "./cookies";
import { json } from "./route";

/**
 * `{ accessToken, user }` plus two httpOnly SameSite=Lax cookies: the refresh token (path /api/auth,
 * ~30 days) and the access token (path /, its own lifetime) so the browser's Socket.IO handshake can
 * authenticate without `auth.token`.
 */
export function sessionResponse(session: IssuedSession, config: RuntimeConfig, status = 200): Response {
  const body: AuthResponse = { accessToken: session.accessToken, user: session.user };
  const res = json(body, status);
  const secure = config.secureCookies;
  const refreshMaxAge = (session.refreshExpiresAt.getTime() - Date.now()) / 1000;
  res.headers.append(
    "set-cookie",
    serializeCookie(REFRESH_COOKIE, session.refreshToken, { path: REFRESH_COOKIE_PATH, maxAgeSec: refreshMaxAge, secure }),
  );
  res.headers.append(
    "set-cookie",
    serializeCookie(ACCESS_COOKIE, session.accessToken, { path: "/", maxAgeSec: config.accessTtlSec, secure }),
  );
  // Tells page renders that a refresh is worth trying (app/layout.tsx); it carries nothing secret.
  res.headers.append("set-cookie", serializeCookie(SESSION_HINT_COOKIE, "1", { path: "/", maxAgeSec: refreshMaxAge, secure }));
  return res;
}

export function clearSessionCookies(res: Response, config: RuntimeConfig): Response {
  const secure = config.secureCookies;
  res.headers.append("set-cookie", serializeCookie(REFRESH_COOKIE, "", { path: REFRESH_COOKIE_PATH, maxAgeSec: 0, secure }));
  res.headers.append("set-cookie", serializeCookie(ACCESS_COOKIE, "", { path: "/", maxAgeSec: 0, secure }));
  res.headers.append("set-cookie", serializeCookie(SESSION_HINT_COOKIE, "", { path: "/", maxAgeSec: 0, secure }));
  return res;
}

export function refreshTokenOf(req: Request): string | undefined {
  return parseCookies(req.headers.get("cookie"))[REFRESH_COOKIE];
}
