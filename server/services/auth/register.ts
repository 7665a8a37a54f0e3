import { ErrorCode } from "@/contracts/errors";
import { registerBody, type RegisterBody } from "@/contracts/schemas";
import { User, toUserDto } from "@/models/User";
import { hashPassword } from "../../auth/password";
import { AppError, isDuplicateKey } from "../../errors";
import { failureCounter } from "../../cluster/redis-limits";
import { runtime } from "../../runtime";
import { issueSession, type AuthCtx, type IssuedSession } from "./session";

/** Registration attempts per client IP (valid bodies, taken emails included), shared across module instances. */
const attempts = (ctx: AuthCtx) =>
  runtime.store("registrations", () => {
    const { registrationsPerIp, registrationWindowSec } = ctx.config.limits;
    return failureCounter("registrations", registrationsPerIp, registrationWindowSec * 1000);
  });

export const registerInput = registerBody;

/** New accounts are always learners; roles are never taken from the request. */
export async function registerUser(body: RegisterBody, ctx: AuthCtx & { ip: string }): Promise<IssuedSession> {
  const wait = await attempts(ctx).retryAfterSec(ctx.ip);
  if (wait > 0) {
    throw new AppError(ErrorCode.RateLimited, `too many new accounts from your address; try again in ${String(wait)} s`, {
      retryAfterSec: wait,
    });
  }
  await attempts(ctx).fail(ctx.ip);
  const passwordHash = await hashPassword(body.password, ctx.ip);
  let created;
  try {
    created = await User.create({ name: body.name, email: body.email, passwordHash, role: "learner" });
  } catch (e) {
    if (isDuplicateKey(e)) throw new AppError(ErrorCode.Conflict, "an account with this email already exists");
    throw e;
  }
  return issueSession(toUserDto(created), ctx);
}
