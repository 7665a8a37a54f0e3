import { ErrorCode } from "@/contracts/errors";
import { loginBody } from "@/contracts/schemas";
import { User, toUserDto } from "@/models/User";
import { burnPasswordCheck, verifyPassword } from "../../auth/password";
import { AppError } from "../../errors";
import { FailureWindow } from "../../rate-limit";
import { runtime } from "../../runtime";
import { parseInput } from "../../validation";
import { issueSession, type AuthCtx, type IssuedSession } from "./session";

export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_WINDOW_MS = 5 * 60 * 1000;

/** Failed logins per IP and email; a successful login clears the count. Shared across module instances. */
const failures = () =>
  runtime.store("login-failures", () => new FailureWindow(LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS));

export async function login(input: unknown, ctx: AuthCtx & { ip: string }): Promise<IssuedSession> {
  const body = parseInput(loginBody, input);
  const key = `${ctx.ip}|${body.email}`;
  const wait = failures().retryAfterSec(key);
  if (wait > 0) {
    throw new AppError(ErrorCode.RateLimited, `too many failed sign-ins; try again in ${wait} s`, {
      retryAfterSec: wait,
    });
  }
  const user = await User.findOne({ email: body.email }).lean();
  const ok = user ? await verifyPassword(body.password, user.passwordHash) : (await burnPasswordCheck(body.password), false);
  if (!user || !ok) {
    failures().fail(key);
    throw new AppError(ErrorCode.Unauthenticated, "wrong email or password");
  }
  failures().reset(key);
  return issueSession(toUserDto(user), ctx);
}
