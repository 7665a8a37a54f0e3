/**
 * A small in-process cache of promises: concurrent callers for one key share a single load, entries
 * expire after `ttlMs`, failed loads are not kept, and the oldest entries go first beyond `maxEntries`.
 * With several server processes (F11) each keeps its own, so the TTL bounds how stale one can be.
 */
export class PromiseCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 20_000,
  ) {}

  get(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = load();
    this.put(key, value, now);
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Stores a value already at hand (a write just learned it), replacing any cached one. */
  set(key: string, value: T, now = Date.now()): void {
    this.put(key, Promise.resolve(value), now);
  }

  /** The cached (fresh) value for `key`, without loading it. */
  peek(key: string, now = Date.now()): Promise<T> | undefined {
    const hit = this.entries.get(key);
    return hit && hit.expires > now ? hit.value : undefined;
  }

  forget(...keys: string[]): void {
    for (const k of keys) this.entries.delete(k);
  }

  private put(key: string, value: Promise<T>, now: number): void {
    this.entries.delete(key); // re-inserted last: Map order is the eviction order
    this.entries.set(key, { value, expires: now + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
