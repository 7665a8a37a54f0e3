import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RealtimeMeter } from "@/server/metrics/meter";
import { NodeMetrics } from "@/server/metrics/node-metrics";
import { RedisClusterMetrics } from "@/server/metrics/redis-cluster";
import { redisAvailable, startRedis } from "./support/redis";

/**
 * Cluster-wide figures through a real redis-server (started here on a free loopback port): two
 * nodes (two NodeMetrics, each with its meter, sampler and Redis client, as two processes would
 * have) publish once a second, and either answers the sums.
 */

const haveRedis = redisAvailable("metrics-redis");
let redis: Awaited<ReturnType<typeof startRedis>> | null = null;
let url = "";
const nodes: NodeMetrics[] = [];

beforeAll(async () => {
  if (!haveRedis) return;
  redis = await startRedis();
  if (!redis) throw new Error("redis-server did not start");
  url = redis.url;
});

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.close()));
  await redis?.stop();
});

/** A node as a process would run it, publishing into Redis; `timeoutMs` shortens the 30 s for the test. */
function startNode(prefix: string, timeoutMs: number, online = 0, clusterOnline = 0): NodeMetrics {
  const node = new NodeMetrics(new RealtimeMeter(["message"]), {
    rooms: () => 2,
    onlineUsers: () => online,
    // What presence in Redis answers for the cluster (a user with tabs on both nodes counts once).
    onlineTotal: () => Promise.resolve(clusterOnline),
    onlineList: () => Promise.resolve([]),
    adminWatching: () => false,
    pushToAdmins: () => undefined,
  }, (identity) => new RedisClusterMetrics(identity, { url, prefix, nodeTimeoutMs: timeoutMs }));
  nodes.push(node);
  return node.start();
}

const open = (n: NodeMetrics, k: number, transport: "socketio" | "ws" = "socketio") => { for (let i = 0; i < k; i++) n.meter.connectionOpened(transport); };
const close = (n: NodeMetrics, k: number, transport: "socketio" | "ws" = "socketio") => { for (let i = 0; i < k; i++) n.meter.connectionClosed(transport); };

describe.skipIf(!haveRedis)("metrics across two nodes (Redis)", () => {
  it("sums connections, messages and rooms, lists both nodes, and either node answers the same", async () => {
    const prefix = "t1:";
    const a = startNode(prefix, 30_000, 3, 4);
    const b = startNode(prefix, 30_000, 2, 4);
    open(a, 3);
    open(b, 2);
    open(b, 1, "ws");
    for (let i = 0; i < 4; i++) b.meter.messageStored();
    await vi.waitFor(async () => {
      for (const n of [a, b]) {
        const m = await n.live();
        expect(m.nodes.map((x) => x.id).sort()).toEqual([a.identity.id, b.identity.id].sort());
        expect(m).toMatchObject({ totalConnections: 6, connectionsByTransport: { socketio: 5, ws: 1 }, totalMessages: 4, activeRooms: 4, onlineUsers: 4 });
        expect(m.nodes.map((x) => x.onlineUsers).sort()).toEqual([2, 3]);
      }
    }, { timeout: 8000, interval: 200 });
    // The history (any node's) holds B's four messages in the second they were stored.
    const h = (await a.withHistory()).history;
    expect(h.messagesPerSecond.reduce((x, y) => x + y, 0)).toBe(4);
    expect(Math.max(...h.connections.map((c) => c ?? 0))).toBe(6);
    await Promise.all([a.close(), b.close()]);
  });

  it("the peak is the peak of the sum, not the sum of the peaks", async () => {
    const prefix = "t2:";
    const a = startNode(prefix, 30_000);
    const b = startNode(prefix, 30_000);
    open(a, 3);
    await vi.waitFor(async () => { expect((await b.live()).totalConnections).toBe(3); }, { timeout: 8000, interval: 200 });
    close(a, 3);
    await vi.waitFor(async () => { expect((await b.live()).totalConnections).toBe(0); }, { timeout: 8000, interval: 200 });
    open(b, 3);
    await vi.waitFor(async () => { expect((await a.live()).totalConnections).toBe(3); }, { timeout: 8000, interval: 200 });
    // Each node peaked at 3 at different times: the cluster never had more than 3 at once.
    expect(a.meter.peakConnections() + b.meter.peakConnections()).toBe(6);
    expect((await a.live()).peakConnections).toBe(3);
    open(a, 2);
    await vi.waitFor(async () => { expect((await b.live()).peakConnections).toBe(5); }, { timeout: 8000, interval: 200 });
    await Promise.all([a.close(), b.close()]);
  });

  it("a node that stops heartbeating disappears after the timeout; one that shuts down cleanly at once", async () => {
    const prefix = "t3:";
    const timeout = 2500;
    const a = startNode(prefix, timeout);
    const b = startNode(prefix, timeout);
    const c = startNode(prefix, timeout);
    open(b, 4);
    await vi.waitFor(async () => { expect((await a.live()).nodes).toHaveLength(3); }, { timeout: 8000, interval: 200 });
    // c leaves cleanly: gone at once. b "crashes": still listed until its heartbeat is too old.
    await c.close();
    await b.close({ leave: false });
    const right = await a.live();
    expect(right.nodes.map((n) => n.id).sort()).toEqual([a.identity.id, b.identity.id].sort());
    expect(right.totalConnections).toBe(4);
    await vi.waitFor(async () => {
      const m = await a.live();
      expect(m.nodes.map((n) => n.id)).toEqual([a.identity.id]);
      expect(m.totalConnections).toBe(0);
    }, { timeout: timeout * 3, interval: 200 });
    await a.close();
  });
});
