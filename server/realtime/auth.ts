import { ConnectErrorMessage, ErrorCode } from "@/contracts/errors";
import type { SocketData } from "@/contracts/socket";
import { type AccessClaims, verifyAccessToken } from "../auth/tokens";
import { sessionIsLive } from "../services/auth/session-check";
import { isAppError } from "../errors";
import { ACCESS_COOKIE, parseCookies } from "../http/cookies";
import type { AppSocket } from "./types";

/** The handshake token: `auth.token` (optionally "Bearer ..."), else the httpOnly access_token cookie. */
export function handshakeToken(socket: Pick<AppSocket, "handshake">): string | undefined {
  const auth = socket.handshake.auth as Record<string, unknown> | undefined;
  const given = auth?.token;
  if (typeof given === "string" && given.trim() !== "") return given.replace(/^Bearer\s+/i, "").trim();
  const cookieHeader = socket.handshake.headers.cookie;
  return parseCookies(typeof cookieHeader === "string" ? cookieHeader : undefined)[ACCESS_COOKIE];
}

/** Why a token was refused (`unavailable`: the session store could not be asked; retry). */
export type TokenRefusal = "missing" | "invalid" | "expired" | "unavailable";

export type TokenCheck = { ok: true; claims: AccessClaims } | { ok: false; refusal: TokenRefusal };

/**
 * The one check of a realtime client's access token, for Socket.IO handshakes and the native
 * gateway alike: it verifies, and a token of an ended session (logout) or of an account that no
 * longer exists reads as invalid (`isLive`).
 */
export async function checkAccessToken(
  token: string | undefined,
  getSecret: () => string,
  isLive: (claims: AccessClaims) => Promise<boolean> = sessionIsLive,
): Promise<TokenCheck> {
  if (!token) return { ok: false, refusal: "missing" };
  let claims: AccessClaims;
  try {
    claims = verifyAccessToken(token, getSecret());
  } catch (e) {
    return { ok: false, refusal: isAppError(e) && e.code === ErrorCode.TokenExpired ? "expired" : "invalid" };
  }
  try {
    return (await isLive(claims)) ? { ok: true, claims } : { ok: false, refusal: "invalid" };
  } catch (e) {
    console.error("[realtime] handshake session check failed:", e instanceof Error ? e.message : String(e));
    return { ok: false, refusal: "unavailable" };
  }
}

const connectErrorOf: Record<TokenRefusal, ConnectErrorMessage> = {
  missing: ConnectErrorMessage.MissingToken,
  invalid: ConnectErrorMessage.InvalidToken,
  expired: ConnectErrorMessage.ExpiredToken,
  unavailable: ConnectErrorMessage.Unavailable,
};

/**
 * Who the token speaks for, as `socket.data` keeps it (a native gateway connection keeps this very
 * object, with its IP). One literal, every key always present: a spread (`{ ...data, ip }`, or a
 * conditional `...(sid ? { sid } : {})`) gives nearly every object a hidden class of its own, about
 * 220 B more per connection (docs/BENCHMARKS.md "Native gateway").
 */
export function socketDataOf(claims: AccessClaims, ip?: string): SocketData {
  return { userId: claims.sub, role: claims.role, name: claims.name, tokenExp: claims.exp, sid: claims.sid, ip };
}

/**
 * Handshake middleware for `/` and `/admin`: refuses with a `connect_error` whose message says why
 * (contracts/errors.ts ConnectErrorMessage), else puts who the user is on `socket.data`.
 */
export function socketAuth(
  getSecret: () => string,
  opts: { adminOnly: boolean; isLive?: (claims: AccessClaims) => Promise<boolean> },
) {
  return (socket: AppSocket, next: (err?: Error) => void): void => {
    void checkAccessToken(handshakeToken(socket), getSecret, opts.isLive).then((check) => {
      if (!check.ok) {
        next(new Error(connectErrorOf[check.refusal]));
        return;
      }
      if (opts.adminOnly && check.claims.role !== "admin") {
        next(new Error(ConnectErrorMessage.Forbidden));
        return;
      }
      Object.assign(socket.data, socketDataOf(check.claims));
      next();
    });
  };
}
