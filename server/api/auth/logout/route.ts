import { endSessionSockets } from "@/server/realtime/end-session";
import { json, route } from "@/server/http/route";
import { clearSessionCookies, refreshTokenOf } from "@/server/http/session-cookies";
import { logout } from "@/server/services/auth/refresh";

/**
 * Ends the session (the refresh cookie's, else the bearer token's): its refresh tokens and access
 * tokens stop working, its sockets get `sessionEnded { reason: "logged_out" }`; both cookies are
 * cleared. 200 `{ ok: true }`, also when there was nothing to end.
 */
export const POST = route({ auth: "optional" }, async ({ req, config, auth }) => {
  const ended = await logout(refreshTokenOf(req), { config }, auth);
  if (ended) await endSessionSockets(ended, "logged_out");
  return clearSessionCookies(json({ ok: true }), config);
});
