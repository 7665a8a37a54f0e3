import { describe, expect, it } from "vitest";
import { PromiseCache } from "@/server/services/cache";

describe("PromiseCache", () => {
  it("shares one load between concurrent callers and serves it until the TTL", async () => {
    const cache = new PromiseCache<number>(1000);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    const [a, b] = await Promise.all([cache.get("k", load, 0), cache.get("k", load, 10)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await cache.get("k", load, 999)).toBe(1);
    expect(await cache.get("k", load, 1000)).toBe(2); // expired: loaded again
  });

  it("forgets on request, never keeps a failed load, and evicts the oldest beyond its size", async () => {
    const cache = new PromiseCache<string>(60_000, 2);
    let n = 0;
    const load = () => Promise.resolve(`v${String(++n)}`);
    await cache.get("a", load);
    cache.forget("a");
    expect(await cache.get("a", load)).toBe("v2");
    await expect(cache.get("bad", () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect(await cache.get("bad", load)).toBe("v3");
    await cache.get("c", load); // a, bad, c: a is evicted
    expect(await cache.get("a", load)).toBe("v5");
  });

  it("takes a value a write just learned, replacing a cached one (even a cached miss), with the same TTL", async () => {
    const cache = new PromiseCache<string | null>(1000);
    const load = () => Promise.resolve(null);
    expect(await cache.get("k", load, 0)).toBeNull(); // a miss, cached
    cache.set("k", "created", 10);
    expect(await cache.get("k", load, 500)).toBe("created");
    expect(await cache.get("k", load, 1010)).toBeNull(); // expired: loaded again
  });
});
