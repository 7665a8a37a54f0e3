import { ErrorCode } from "@/contracts/errors";
import { loginBody, type LoginBody } from "@/contracts/schemas";
import { User, toUserDto } from "@/models/User";
import { burnPasswordCheck, verifyPassword } from "../../auth/password";
import { AppError } from "../../errors";
import type { Limits } from "../../limits";
import { failureCounter } from "../../cluster/redis-limits";
import type { FailureCounter } from "../../rate-limit";
import { runtime } from "../../runtime";
import { issueSession, type AuthCtx, type IssuedSession } from "./session";

/**
 * Failed logins, counted three ways in one window (server/README.md "Limits"), shared across module
 * instances:
 * - per client IP across all emails: at the limit, that IP may not try any account;
 * - per account (the email, known or not, so a lock reveals nothing) across IPs;
 * - per IP and account: whether this IP has itself failed against this account.
 * A locked account still lets in a right password from an IP that is not over its own limit and has
 * not failed against the account in the window: an attacker cannot lock the owner out, and gets one
 * guess per fresh IP (each also counted against that IP). A success clears only the IP-and-account
 * count, never the IP's or the account's: logging into one's own account must not reset a guesser.
 */
interface LoginWindows {
  ip: FailureCounter;
  account: FailureCounter;
  ipAccount: FailureCounter;
}

const windows = (limits: Limits): LoginWindows =>
  runtime.store("login-failures", () => {
    const ms = limits.loginWindowSec * 1000;
    return {
      ip: failureCounter("login-ip", limits.loginFailuresPerIp, ms),
      account: failureCounter("login-account", limits.loginFailuresPerAccount, ms),
      ipAccount: failureCounter("login-ip-account", limits.loginFailuresPerAccount, ms),
    };
  });

const throttled = (wait: number) =>
  new AppError(ErrorCode.RateLimited, `too many failed sign-ins; try again in ${String(wait)} s`, { retryAfterSec: wait });

export const loginInput = loginBody;

export async function login(body: LoginBody, ctx: AuthCtx & { ip: string }): Promise<IssuedSession> {
  const w = windows(ctx.config.limits);
  const pair = `${ctx.ip}|${body.email}`;
  // Refused before any hashing: a blocked guesser costs nothing.
  const ipWait = await w.ip.retryAfterSec(ctx.ip);
  if (ipWait > 0) throw throttled(ipWait);
  const accountWait = await w.account.retryAfterSec(body.email);
  if (accountWait > 0 && (await w.ipAccount.count(pair)) > 0) throw throttled(accountWait);

  // Unknown emails cost a hash too (same time, same message): no account enumeration.
  const user = await User.findOne({ email: body.email }).lean();
  const ok = user
    ? await verifyPassword(body.password, user.passwordHash, ctx.ip)
    : (await burnPasswordCheck(body.password, ctx.ip), false);
  if (!user || !ok) {
    await Promise.all([w.ip.fail(ctx.ip), w.account.fail(body.email), w.ipAccount.fail(pair)]);
    throw new AppError(ErrorCode.Unauthenticated, "wrong email or password");
  }
  await w.ipAccount.reset(pair);
  return issueSession(toUserDto(user), ctx);
}
