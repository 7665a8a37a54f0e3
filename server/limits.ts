/**
 * Every abuse limit in one place (server/README.md "Limits"): defaults, then `LIMIT_*` environment
 * variables, then `startServer({ limits })` (tests use small numbers). A limit of 0 turns it off.
 */
export interface Limits {
  /** Concurrent main-namespace sockets per user; the next handshake is refused. */
  connectionsPerUser: number;
  /** Concurrent main-namespace sockets per client IP. */
  connectionsPerIp: number;
  /** A user's bucket per rate-limited event, summed over all their sockets: this many times the per-socket bucket. */
  eventRatePerUser: number;
  /** The same per client IP (all users behind it). */
  eventRatePerIp: number;
  /** Failed logins per client IP, across all emails, per window. */
  loginFailuresPerIp: number;
  /** Failed logins per account (email, known or not), across IPs, per window. */
  loginFailuresPerAccount: number;
  loginWindowSec: number;
  /** Registration attempts per client IP per window. */
  registrationsPerIp: number;
  registrationWindowSec: number;
  /** scrypt computations at once (process-wide). */
  hashConcurrency: number;
  /** scrypt computations waiting for a slot; beyond it, logins and registrations answer 503 at once. */
  hashQueue: number;
  /** Logins and registrations of one client IP hashing or waiting at once; beyond it, 429 at once. */
  hashPerIp: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  connectionsPerUser: 20,
  connectionsPerIp: 200,
  eventRatePerUser: 2,
  eventRatePerIp: 20,
  loginFailuresPerIp: 30,
  loginFailuresPerAccount: 10,
  loginWindowSec: 15 * 60,
  registrationsPerIp: 5,
  registrationWindowSec: 60 * 60,
  hashConcurrency: 2,
  hashQueue: 16,
  hashPerIp: 8,
};

/** The environment variable of each limit. */
export const LIMIT_ENV: Readonly<Record<keyof Limits, string>> = {
  connectionsPerUser: "LIMIT_CONNECTIONS_PER_USER",
  connectionsPerIp: "LIMIT_CONNECTIONS_PER_IP",
  eventRatePerUser: "LIMIT_EVENT_RATE_PER_USER",
  eventRatePerIp: "LIMIT_EVENT_RATE_PER_IP",
  loginFailuresPerIp: "LIMIT_LOGIN_FAILURES_PER_IP",
  loginFailuresPerAccount: "LIMIT_LOGIN_FAILURES_PER_ACCOUNT",
  loginWindowSec: "LIMIT_LOGIN_WINDOW_SEC",
  registrationsPerIp: "LIMIT_REGISTRATIONS_PER_IP",
  registrationWindowSec: "LIMIT_REGISTRATION_WINDOW_SEC",
  hashConcurrency: "LIMIT_HASH_CONCURRENCY",
  hashQueue: "LIMIT_HASH_QUEUE",
  hashPerIp: "LIMIT_HASH_PER_IP",
};

/** Defaults < environment < explicit overrides. A malformed or negative environment value stops the start. */
export function resolveLimits(
  overrides: Partial<Limits> = {},
  env: Record<string, string | undefined> = process.env,
): Limits {
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_ENV) as (keyof Limits)[]) {
    const raw = env[LIMIT_ENV[key]];
    if (raw !== undefined && raw.trim() !== "") {
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${LIMIT_ENV[key]} must be a number >= 0 (got "${raw}")`);
      limits[key] = n;
    }
    const given = overrides[key];
    if (given !== undefined) limits[key] = given;
  }
  return limits;
}

/**
 * TRUST_PROXY: how many reverse proxies in front of us append to X-Forwarded-For (0 or unset: none,
 * the header is ignored; "1"/"true": one).
 */
export function trustProxyFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = (env.TRUST_PROXY ?? "").trim().toLowerCase();
  if (raw === "" || raw === "0" || raw === "false") return 0;
  if (raw === "true") return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`TRUST_PROXY must be 0, 1, true or a hop count (got "${raw}")`);
  return n;
}
