import { Types } from "mongoose";
import type { UserDto } from "@/contracts/dto";
import { RefreshToken } from "@/models/RefreshToken";
import { hashRefreshToken, newRefreshToken, newTokenFamily, signAccessToken } from "../../auth/tokens";
import type { RuntimeConfig } from "../../runtime";

export interface AuthCtx {
  config: RuntimeConfig;
  now?: Date;
}

/** What the transport turns into a body (`{ accessToken, user }`) and cookies. */
export interface IssuedSession {
  user: UserDto;
  accessToken: string;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** Signs an access token and stores a new refresh token (in `family`, or a new family for a login). */
export async function issueSession(user: UserDto, ctx: AuthCtx, family = newTokenFamily()): Promise<IssuedSession> {
  const now = ctx.now ?? new Date();
  const refreshToken = newRefreshToken();
  const refreshExpiresAt = new Date(now.getTime() + ctx.config.refreshTtlSec * 1000);
  /* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose's NativeDate is Date */
  await RefreshToken.create({
    user: new Types.ObjectId(user.id),
    tokenHash: hashRefreshToken(refreshToken, ctx.config.refreshSecret),
    family,
    expiresAt: refreshExpiresAt,
    createdAt: now,
  });
  /* eslint-enable @typescript-eslint/no-unsafe-class-instance-assignment */
  const accessToken = signAccessToken(user, ctx.config.accessSecret, ctx.config.accessTtlSec, family);
  return { user, accessToken, refreshToken, refreshExpiresAt };
}
