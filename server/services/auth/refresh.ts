import { Types } from "mongoose";
import { ErrorCode } from "@/contracts/errors";
import { RefreshToken } from "@/models/RefreshToken";
import { User, toUserDto } from "@/models/User";
import { invalidate } from "../caches";
import { hashRefreshToken } from "../../auth/tokens";
import { AppError } from "../../errors";
import { issueSession, type AuthCtx, type IssuedSession } from "./session";

const refused = (message: string) => new AppError(ErrorCode.Unauthenticated, message);

/**
 * Rotates a refresh token: the presented one is retired and a new one in the same family issued.
 * Presenting a retired token again means it was copied: the whole family is revoked.
 */
export async function refreshSession(token: string | undefined, ctx: AuthCtx): Promise<IssuedSession> {
  if (!token || token.length > 200) throw refused("no refresh token; sign in again");
  const now = ctx.now ?? new Date();
  const tokenHash = hashRefreshToken(token, ctx.config.refreshSecret);
  // Atomic claim: of two concurrent refreshes with the same token only one wins.
  const claimed = await RefreshToken.findOneAndUpdate(
    { tokenHash, rotatedAt: null, revokedAt: null },
    { $set: { rotatedAt: now } },
  ).lean();
  if (!claimed) {
    const known = await RefreshToken.findOne({ tokenHash }).lean();
    if (known) {
      await revokeFamily(known.family, ctx, now);
      throw refused(
        known.revokedAt
          ? "this session was signed out; sign in again"
          : "refresh token was already used; signed out for safety, sign in again",
      );
    }
    throw refused("unknown refresh token; sign in again");
  }
  if (claimed.expiresAt.getTime() <= now.getTime()) throw refused("session expired; sign in again");
  const user = await User.findById(new Types.ObjectId(claimed.user.toString())).lean();
  if (!user) {
    await revokeFamily(claimed.family, ctx, now);
    throw refused("account no longer exists");
  }
  return issueSession(toUserDto(user), ctx, claimed.family);
}

/** Ends a session: its refresh tokens are revoked in the store, its access tokens at once (revoked-sessions). */
export async function revokeFamily(family: string, ctx: AuthCtx, now = ctx.now ?? new Date()): Promise<void> {
  // On every node at once (caches.ts), not only this one.
  invalidate({ sessionRevoked: { sid: family, untilMs: now.getTime() + ctx.config.accessTtlSec * 1000 } });
  await RefreshToken.updateMany({ family, revokedAt: null }, { $set: { revokedAt: now } });
}

/** The session a logout ended, so the caller can close its sockets. */
export interface EndedSession {
  userId: string;
  sid: string;
}

/**
 * Logout: revokes the session of the presented refresh token, or, without one (a bearer-only client),
 * the session named by the caller's access token. Unknown tokens are fine (already signed out): null.
 */
export async function logout(token: string | undefined, ctx: AuthCtx, caller?: { userId: string; sid?: string } | null): Promise<EndedSession | null> {
  if (token && token.length <= 200) {
    const known = await RefreshToken.findOne({ tokenHash: hashRefreshToken(token, ctx.config.refreshSecret) }).lean();
    if (known) {
      await revokeFamily(known.family, ctx);
      return { userId: known.user.toString(), sid: known.family };
    }
  }
  if (!caller?.sid) return null;
  await revokeFamily(caller.sid, ctx);
  return { userId: caller.userId, sid: caller.sid };
}
