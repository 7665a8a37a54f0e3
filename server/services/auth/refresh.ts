import { Types } from "mongoose";
import { ErrorCode } from "@/contracts/errors";
import { RefreshToken } from "@/models/RefreshToken";
import { User, toUserDto } from "@/models/User";
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
      await revokeFamily(known.family, now);
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
    await revokeFamily(claimed.family, now);
    throw refused("account no longer exists");
  }
  return issueSession(toUserDto(user), ctx, claimed.family);
}

export async function revokeFamily(family: string, now = new Date()): Promise<void> {
  await RefreshToken.updateMany({ family, revokedAt: null }, { $set: { revokedAt: now } });
}

/** Logout: revokes the presented token's family. Unknown tokens are fine (already signed out). */
export async function logout(token: string | undefined, ctx: AuthCtx): Promise<void> {
  if (!token || token.length > 200) return;
  const known = await RefreshToken.findOne({ tokenHash: hashRefreshToken(token, ctx.config.refreshSecret) }).lean();
  if (known) await revokeFamily(known.family, ctx.now ?? new Date());
}
