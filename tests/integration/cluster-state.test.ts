import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { UserStatusDto } from "@/contracts/dto";
import { connectRedis, type Redis } from "@/server/cluster/redis";
import { NodeLoop } from "@/server/cluster/node-loop";
import { RedisBuckets } from "@/server/cluster/redis-limits";
import { RedisPresence } from "@/server/cluster/redis-presence";
import { RedisViewers } from "@/server/cluster/redis-viewers";
import { redisMissing, startRedis, type TestRedis } from "./support/redis";

/**
 * The cluster-wide presence and viewer stores against a real redis-server, with several "nodes" in
 * this process (each its own store instances and node id): the rules of F6/F7 across nodes, and the
 * cleanup after a dead node when two survivors run it at the same moment.
 */
const missing = process.env.CI === "true" ? null : redisMissing();
if (missing) console.warn(`[cluster-state.test] skipped: ${missing}`);

interface FakeNode {
  id: string;
  statuses: UserStatusDto[];
  counts: { videoId: string; count: number }[];
  presence: RedisPresence;
  viewers: RedisViewers;
  loop: NodeLoop;
}

describe.skipIf(missing !== null)("presence and viewer counts in Redis", () => {
  let server: TestRedis | null = null;
  let redis: Redis;
  const nodes: FakeNode[] = [];
  const node = (id: string, graceMs = 300): FakeNode => {
    const statuses: UserStatusDto[] = [];
    const counts: { videoId: string; count: number }[] = [];
    const presence = new RedisPresence(redis, id, (s) => statuses.push(s), () => undefined, graceMs);
    const viewers = new RedisViewers(redis, id, (videoId, count) => counts.push({ videoId, count }), 300);
    const loop = new NodeLoop(redis, id, presence, viewers, { heartbeatMs: 200, deadAfterMs: 600 }, graceMs);
    const n = { id, statuses, counts, presence, viewers, loop };
    nodes.push(n);
    return n;
  };

  beforeAll(async () => {
    server = await startRedis();
    if (!server) throw new Error("no redis");
    redis = await connectRedis(server.url);
  });
  afterAll(async () => {
    for (const n of nodes) {
      n.presence.close();
      n.viewers.close();
    }
    await redis.close();
    await server?.stop();
  });

  it("a user is online while a socket on any node is, away when all are hidden, offline after the grace period, once", async () => {
    await redis.flushAll();
    const [a, b] = [node("a"), node("b")];
    // The nodes' one-second ticks (here every 200 ms) catch an offline transition a timer ran too early for.
    a.loop.start();
    b.loop.start();
    a.presence.connect("u1", "s1");
    b.presence.connect("u1", "s2");
    await vi.waitFor(async () => { expect(await b.presence.get("u1")).toMatchObject({ status: "online" }); });
    a.presence.setActive("u1", "s1", false);
    b.presence.setActive("u1", "s2", false);
    await vi.waitFor(async () => { expect(await a.presence.get("u1")).toMatchObject({ status: "away" }); });
    a.presence.disconnect("u1", "s1");
    b.presence.disconnect("u1", "s2");
    await vi.waitFor(() => { expect([...a.statuses, ...b.statuses].filter((s) => s.status === "offline")).toHaveLength(1); }, { timeout: 5000 });
    expect(await a.presence.get("u1")).toBeNull();
    const all = [...a.statuses, ...b.statuses].map((s) => s.status);
    expect(all.filter((s) => s === "online")).toHaveLength(1);
    expect(all.filter((s) => s === "away")).toHaveLength(1);
    await a.loop.close();
    await b.loop.close();
  });

  it("two tabs of one user on two nodes count once; the count is sent once per interval for the cluster", async () => {
    await redis.flushAll();
    const [a, b] = [node("a"), node("b")];
    expect(await a.viewers.join("v1", "u1", "s1")).toBe(1);
    expect(await b.viewers.join("v1", "u2", "s2")).toBe(2);
    expect(await b.viewers.join("v1", "u1", "s3")).toBe(2);
    await vi.waitFor(() => { expect([...a.counts, ...b.counts].at(-1)).toEqual({ videoId: "v1", count: 2 }); });
    const sent = [...a.counts, ...b.counts].length;
    expect(sent).toBe(2); // 1 at once, then 2 when the 300 ms throttle ended, from one node only
    expect(await a.viewers.leave("v1", "u1", "s1")).toBe(2); // u1 still watches on b
    await new Promise((r) => setTimeout(r, 500));
    expect([...a.counts, ...b.counts].length).toBe(sent); // unchanged count: nothing sent
  });

  it("a dead node's sockets are removed once, even with two survivors cleaning up at the same moment", async () => {
    await redis.flushAll();
    const [dead, s1, s2] = [node("dead"), node("s1"), node("s2")];
    dead.loop.start();
    await new Promise((r) => setTimeout(r, 250)); // registered in ll:nodes
    dead.presence.connect("u1", "x1");
    s1.presence.connect("u2", "y1");
    await dead.viewers.join("v1", "u1", "x1");
    await s1.viewers.join("v1", "u2", "y1");
    expect(await s2.viewers.count("v1")).toBe(2);
    // The dead node stops beating (as after kill -9: nothing of its own shutdown runs).
    (dead.loop as unknown as { beatTimer: NodeJS.Timeout | null }).beatTimer?.unref();
    clearInterval((dead.loop as unknown as { beatTimer: NodeJS.Timeout }).beatTimer);
    clearInterval((dead.loop as unknown as { tickTimer: NodeJS.Timeout }).tickTimer);
    s1.loop.start();
    s2.loop.start();
    await vi.waitFor(async () => { expect(await s1.viewers.count("v1")).toBe(1); }, { timeout: 5000 });
    await vi.waitFor(() => {
      expect([...s1.statuses, ...s2.statuses].filter((s) => s.userId === "u1" && s.status === "offline")).toHaveLength(1);
    }, { timeout: 5000 });
    await vi.waitFor(() => { expect([...s1.counts, ...s2.counts].at(-1)).toEqual({ videoId: "v1", count: 1 }); }, { timeout: 5000 });
    expect(await s2.presence.get("u2")).toMatchObject({ status: "online" });
    expect(await redis.zScore("ll:nodes", "dead")).toBeNull();
    await s1.loop.close();
    await s2.loop.close();
  });

  it("a socket recovered on another node is not removed by the cleanup of the node it left", async () => {
    await redis.flushAll();
    const [old, fresh] = [node("old"), node("fresh")];
    await old.viewers.join("v2", "u1", "sock");
    old.presence.connect("u1", "sock");
    // Connection state recovery: the same socket id, now held by `fresh`.
    fresh.presence.connect("u1", "sock");
    expect(await fresh.viewers.join("v2", "u1", "sock")).toBe(1);
    await redis.zAdd("ll:nodes", { score: 0, value: "old" }); // silent since the epoch
    fresh.loop.start();
    await new Promise((r) => setTimeout(r, 700));
    expect(await fresh.viewers.count("v2")).toBe(1);
    expect(await fresh.presence.get("u1")).toMatchObject({ status: "online" });
    await fresh.loop.close();
  });

  it("a user's event bucket is one for the cluster: events alternating between nodes are refused past its capacity", async () => {
    await redis.flushAll();
    const [a, b] = [new RedisBuckets(redis), new RedisBuckets(redis)];
    const verdicts: boolean[] = [];
    // capacity 4, refilled at 0.1/s: spread over two nodes, about 4 go through (plus those of one round trip).
    for (let i = 0; i < 20; i++) {
      verdicts.push((i % 2 === 0 ? a : b).take("user-1", "message", 4, 0.1));
      await new Promise((r) => setTimeout(r, 20));
    }
    const allowed = verdicts.filter(Boolean).length;
    expect(allowed).toBeGreaterThanOrEqual(4);
    expect(allowed).toBeLessThanOrEqual(6); // one node alone would have allowed 4, two nodes 8
    expect(verdicts.slice(-6).some(Boolean)).toBe(false);
    // Another user is not affected.
    expect(a.take("user-2", "message", 4, 0.1)).toBe(true);
  });
});
