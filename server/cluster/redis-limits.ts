import { createHash } from "node:crypto";
import { FailureWindow, MemoryBuckets, type BucketStore, type FailureCounter } from "../rate-limit";
import { runtime } from "../runtime";
import { logOnce } from "./log-once";
import { Script, type Redis } from "./script";

/** Emails and IPs are not written to Redis as such. */
const digest = (s: string) => createHash("sha1").update(s).digest("base64url");

/** ARGV key, capacity, perSec -> 0 (token taken) or the ms until the next token. Redis time, so nodes agree. */
const takeToken = new Script(`
local key, cap, rate = 'll:rl:' .. ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', key, 't', 'ts')
local tokens, ts = tonumber(b[1]) or cap, tonumber(b[2]) or now
if rate > 0 then tokens = math.min(cap, tokens + (now - ts) / 1000 * rate) end
local wait = 0
if tokens >= 1 then tokens = tokens - 1
elseif rate > 0 then wait = math.ceil((1 - tokens) / rate * 1000)
else wait = 60000 end
redis.call('HSET', key, 't', tokens, 'ts', now)
local life = 60000
if rate > 0 then life = math.ceil(cap / rate * 1000) + 1000 end
redis.call('PEXPIRE', key, life)
return wait
`);

/**
 * The per-user and per-IP event buckets (realtime/on-event.ts) shared by every node. The dispatcher
 * asks synchronously (its hot path allocates nothing and waits for nothing), so this answers from what
 * it knows: a key Redis refused is refused here until its next token is due; otherwise the event goes
 * through and the token is taken in Redis in the background, whose answer blocks the key for the
 * following events. A flood spread over nodes is therefore held to the cluster-wide rate, give or take
 * the events of one Redis round trip. While Redis is away each node falls back to its own buckets.
 */
export class RedisBuckets implements BucketStore {
  private readonly blockedUntil = new Map<string, number>();
  private readonly local = new MemoryBuckets();
  private readonly failed = logOnce("shared rate limit");

  constructor(private readonly redis: Redis) {}

  take(scope: string, name: string, capacity: number, perSec: number, now = Date.now()): boolean {
    if (!this.redis.isReady) return this.local.take(scope, name, capacity, perSec, now);
    const key = `${scope}|${name}`;
    const until = this.blockedUntil.get(key);
    if (until !== undefined) {
      if (until > now) return false;
      this.blockedUntil.delete(key);
    }
    takeToken.run(this.redis, [], [digest(key), capacity, perSec]).then((wait) => {
      if (typeof wait === "number" && wait > 0) this.block(key, Date.now() + wait);
    }, this.failed);
    return true;
  }

  private block(key: string, until: number): void {
    this.blockedUntil.set(key, until);
    if (this.blockedUntil.size < 10_000) return;
    const now = Date.now();
    for (const [k, u] of this.blockedUntil) if (u <= now) this.blockedUntil.delete(k);
  }
}

/** How long a login waits for Redis's count before it uses this process's own. */
const SHARED_TIMEOUT_MS = 1000;

/** ARGV key, windowMs -> the count after this failure (the window starts with the first one). */
const countFailure = new Script(`
local n = redis.call('INCR', ARGV[1])
if n == 1 then redis.call('PEXPIRE', ARGV[1], ARGV[2]) end
return n
`);

/**
 * The fixed-window failure counter (logins, registrations) shared by every node: the same rules as
 * FailureWindow (rate-limit.ts), one Redis key per counted key, expiring with its window. While Redis
 * is away it counts in this process (a login must not wait for Redis to come back).
 */
export class RedisFailureWindow implements FailureCounter {
  private readonly local: FailureWindow;
  private readonly failed = logOnce("shared login/registration counter");

  constructor(
    private readonly redis: Redis,
    private readonly name: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    this.local = new FailureWindow(limit, windowMs);
  }

  retryAfterSec(key: string): Promise<number> {
    return this.shared(async () => {
      if (this.limit <= 0) return 0;
      const k = this.key(key);
      const [count, ttl] = await Promise.all([this.redis.get(k), this.redis.pTTL(k)]);
      return Number(count ?? 0) >= this.limit && ttl > 0 ? Math.ceil(ttl / 1000) : 0;
    }, () => this.local.retryAfterSec(key));
  }

  count(key: string): Promise<number> {
    return this.shared(async () => Number((await this.redis.get(this.key(key))) ?? 0), () => this.local.count(key));
  }

  async fail(key: string): Promise<void> {
    await this.shared(async () => { await countFailure.run(this.redis, [], [this.key(key), this.windowMs]); }, () => { this.local.fail(key); });
  }

  async reset(key: string): Promise<void> {
    this.local.reset(key);
    await this.shared(async () => { await this.redis.del(this.key(key)); }, () => undefined);
  }

  /**
   * Redis's answer, or this process's own when Redis is away: not connected, or no answer within
   * SHARED_TIMEOUT_MS (a connection that dropped just now still looks ready for a moment).
   */
  private async shared<T>(remote: () => Promise<T>, local: () => T): Promise<T> {
    if (!this.redis.isReady) return local();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => { reject(new Error("Redis did not answer in time")); }, SHARED_TIMEOUT_MS);
    });
    try {
      return await Promise.race([remote(), late]);
    } catch (e) {
      this.failed(e);
      return local();
    } finally {
      clearTimeout(timer);
    }
  }

  private key(key: string): string {
    return `ll:fw:${this.name}:${digest(key)}`;
  }
}

/** A failure counter named `name`: in Redis when this process is a cluster node, else in memory. */
export function failureCounter(name: string, limit: number, windowMs: number): FailureCounter {
  const cluster = runtime.getCluster();
  return cluster ? new RedisFailureWindow(cluster.redis, name, limit, windowMs) : new FailureWindow(limit, windowMs);
}
