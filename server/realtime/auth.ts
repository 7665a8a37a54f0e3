import { ConnectErrorMessage, ErrorCode } from "@/contracts/errors";
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

/**
 * Handshake middleware for `/` and `/admin`: refuses with a `connect_error` whose message says why
 * (contracts/errors.ts ConnectErrorMessage), else puts who the user is on `socket.data`. A token of
 * an ended session (logout) or of an account that no longer exists reads as invalid (`isLive`).
 */
export function socketAuth(
  getSecret: () => string,
  opts: { adminOnly: boolean; isLive?: (claims: AccessClaims) => Promise<boolean> },
) {
  const isLive = opts.isLive ?? sessionIsLive;
  return (socket: AppSocket, next: (err?: Error) => void): void => {
    const token = handshakeToken(socket);
    if (!token) {
      next(new Error(ConnectErrorMessage.MissingToken));
      return;
    }
    let claims: AccessClaims;
    try {
      claims = verifyAccessToken(token, getSecret());
    } catch (e) {
      const expired = isAppError(e) && e.code === ErrorCode.TokenExpired;
      next(new Error(expired ? ConnectErrorMessage.ExpiredToken : ConnectErrorMessage.InvalidToken));
      return;
    }
    if (opts.adminOnly && claims.role !== "admin") {
      next(new Error(ConnectErrorMessage.Forbidden));
      return;
    }
    isLive(claims).then(
      (live) => {
        if (!live) {
          next(new Error(ConnectErrorMessage.InvalidToken));
          return;
        }
        socket.data.userId = claims.sub;
        socket.data.role = claims.role;
        socket.data.name = claims.name;
        socket.data.tokenExp = claims.exp;
        if (claims.sid) socket.data.sid = claims.sid;
        next();
      },
      (e: unknown) => {
        console.error("[realtime] handshake session check failed:", e instanceof Error ? e.message : String(e));
        next(new Error(ConnectErrorMessage.Unavailable));
      },
    );
  };
}
