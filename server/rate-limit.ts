/**
 * Failures per key in a fixed window: FailureWindow in one process, `cluster/redis-limits.ts`'s
 * RedisFailureWindow shared by every node with REDIS_URL. Callers await every call.
 */
export interface FailureCounter {
  retryAfterSec(key: string): number | Promise<number>;
  count(key: string): number | Promise<number>;
  fail(key: string): void | Promise<void>;
  reset(key: string): void | Promise<void>;
}

/**
 * Counts failures per key in a fixed window (login attempts, registrations). State lives wherever the
 * caller keeps it. A limit of 0 never blocks.
 */
export class FailureWindow implements FailureCounter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again, or 0 when it may try now. */
  retryAfterSec(key: string, now = Date.now()): number {
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) return 0;
    return this.limit > 0 && entry.count >= this.limit ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  /** Failures of the key in its current window. */
  count(key: string, now = Date.now()): number {
    const entry = this.hits.get(key);
    return entry && entry.resetAt > now ? entry.count : 0;
  }

  fail(key: string, now = Date.now()): void {
    const entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
      this.sweep(now);
    } else {
      entry.count += 1;
    }
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  /** Keeps memory bounded under a flood of distinct keys. */
  private sweep(now: number): void {
    if (this.hits.size < 10_000) return;
    for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
  }
}

/** A token bucket: `capacity` events at once, refilled at `perSec` per second. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSec: number,
    now = Date.now(),
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  take(now = Date.now()): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Full again: indistinguishable from a new bucket, so a keyed store may drop it. */
  isFull(now = Date.now()): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSec);
    this.last = now;
  }
}

/**
 * Token buckets by (scope, name): a scope is a user id or a client IP, a name an event. The dispatcher
 * checks these after the socket's own bucket (realtime/on-event.ts). Synchronous on purpose: the event
 * hot path stays allocation-free; the Redis-backed store for several processes (F11,
 * cluster/redis-limits.ts) answers from what it knows and takes the token in Redis in the background.
 */
export interface BucketStore {
  /** Takes one token from the bucket of `scope` and `name` (created full on first use). */
  take(scope: string, name: string, capacity: number, perSec: number, now?: number): boolean;
}

/**
 * The in-memory BucketStore. Buckets are created on first use; a bucket that has refilled is
 * dropped (it equals a new one) by a sweep that runs at most once a minute, when a new scope arrives.
 * At `maxScopes` the sweep also drops the oldest scopes down to 90% of it, so memory stays bounded
 * under a flood of distinct keys and the sweep's cost is spread over the next 10% of new scopes.
 */
export class MemoryBuckets implements BucketStore {
  private readonly scopes = new Map<string, Map<string, TokenBucket>>();
  private nextSweepAt = 0;

  constructor(
    private readonly maxScopes = 50_000,
    private readonly sweepEveryMs = 60_000,
  ) {}

  take(scope: string, name: string, capacity: number, perSec: number, now = Date.now()): boolean {
    let buckets = this.scopes.get(scope);
    if (!buckets) {
      this.beforeNewScope(now);
      this.scopes.set(scope, (buckets = new Map<string, TokenBucket>()));
    }
    let bucket = buckets.get(name);
    if (!bucket) buckets.set(name, (bucket = new TokenBucket(capacity, perSec, now)));
    return bucket.take(now);
  }

  /** Scopes held (for tests and metrics). */
  get size(): number {
    return this.scopes.size;
  }

  private beforeNewScope(now: number): void {
    const full = this.scopes.size >= this.maxScopes;
    if (!full && now < this.nextSweepAt) return;
    this.nextSweepAt = now + this.sweepEveryMs;
    for (const [scope, buckets] of this.scopes) {
      for (const [name, bucket] of buckets) if (bucket.isFull(now)) buckets.delete(name);
      if (buckets.size === 0) this.scopes.delete(scope);
    }
    if (this.scopes.size < this.maxScopes) return;
    const keep = Math.floor(this.maxScopes * 0.9);
    for (const scope of this.scopes.keys()) {
      if (this.scopes.size <= keep) break;
      this.scopes.delete(scope); // Map order: the oldest first use first
    }
  }
}

/** Why a ConcurrencyGate refused to queue a task. */
export type GateRefusal = "queue_full" | "key_busy";

export class GateRefused extends Error {
  constructor(readonly reason: GateRefusal) {
    super(reason === "queue_full" ? "too many tasks waiting" : "too many tasks of this key at once");
    this.name = "GateRefused";
  }
}

/** Works across module instances (the gate lives in the runtime registry), where `instanceof` would not. */
export function gateRefusal(e: unknown): GateRefusal | undefined {
  if (typeof e !== "object" || e === null || (e as { name?: unknown }).name !== "GateRefused") return undefined;
  return (e as GateRefused).reason;
}

/**
 * At most `concurrency` tasks run at once (password hashing), at most `maxQueue` wait (FIFO), and one
 * key (a client IP) has at most `perKey` running or waiting. A task that cannot wait is refused at
 * once with GateRefused, so a flood costs nothing and never delays the queue further. 0 = no bound.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly byKey = new Map<string, number>();

  constructor(private readonly limits: () => { concurrency: number; maxQueue: number; perKey: number }) {}

  async run<T>(task: () => Promise<T>, key?: string): Promise<T> {
    const { concurrency, maxQueue, perKey } = this.limits();
    if (key !== undefined && perKey > 0 && (this.byKey.get(key) ?? 0) >= perKey) throw new GateRefused("key_busy");
    const mustWait = concurrency > 0 && this.running >= concurrency;
    if (mustWait && maxQueue > 0 && this.waiting.length >= maxQueue) throw new GateRefused("queue_full");
    if (key !== undefined) this.byKey.set(key, (this.byKey.get(key) ?? 0) + 1);
    try {
      if (mustWait) await new Promise<void>((resolve) => this.waiting.push(resolve));
      else this.running += 1;
      try {
        return await task();
      } finally {
        // Hand the slot straight to the next waiter (running stays the same), or free it.
        const next = this.waiting.shift();
        if (next) next();
        else this.running -= 1;
      }
    } finally {
      if (key !== undefined) {
        const n = (this.byKey.get(key) ?? 1) - 1;
        if (n <= 0) this.byKey.delete(key);
        else this.byKey.set(key, n);
      }
    }
  }

  /** Tasks running and waiting (for tests and metrics). */
  stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
