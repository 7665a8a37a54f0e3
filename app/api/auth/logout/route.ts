import { json, route } from "@/server/http/route";
import { clearSessionCookies, refreshTokenOf } from "@/server/http/session-cookies";
import { logout } from "@/server/services/auth/refresh";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Revokes the session's refresh tokens and clears both cookies: 200 `{ ok: true }`. */
export const POST = route({ auth: "none" }, async ({ req, config }) => {
  await logout(refreshTokenOf(req), { config });
  return clearSessionCookies(json({ ok: true }), config);
});
