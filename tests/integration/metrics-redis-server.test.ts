import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AdminMetricsResponse } from "@/contracts/metrics";
import { RealtimeMeter } from "@/server/metrics/meter";
import { NodeMetrics } from "@/server/metrics/node-metrics";
import { RedisClusterMetrics } from "@/server/metrics/redis-cluster";
import { connect, DEMO, loginAs, useTestServer, type TestServerOptions } from "./support/harness";
import { redisAvailable, startRedis } from "./support/redis";

/**
 * With REDIS_URL the server's metrics are the cluster's: a second node (another NodeMetrics
 * publishing into the same redis-server, as a second process would) shows up in GET
 * /api/admin/metrics, its connections are summed in, and it is gone once it leaves.
 */

const haveRedis = redisAvailable("metrics-redis-server");
let redis: Awaited<ReturnType<typeof startRedis>> | null = null;
/** Read when the server below starts (its beforeAll runs after this file's first one). */
const serverOpts: TestServerOptions = {};

beforeAll(async () => {
  if (!haveRedis) return;
  redis = await startRedis();
  if (!redis) throw new Error("redis-server did not start");
  serverOpts.redisUrl = redis.url; // the server is one node of a cluster: its metrics go through its Redis client
});

const t = useTestServer(serverOpts);

afterAll(async () => {
  await redis?.stop();
});

describe.skipIf(!haveRedis)("GET /api/admin/metrics with REDIS_URL", () => {
  it("sums this node and another one, lists both, and drops the other when it leaves", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    await connect(t.url, { token: (await loginAs(t.url, DEMO.learner1)).token });
    const other = new NodeMetrics(new RealtimeMeter([]), {
      rooms: () => 0, onlineUsers: () => 0, onlineTotal: () => Promise.resolve(0), onlineList: () => Promise.resolve([]),
      adminWatching: () => false, pushToAdmins: () => undefined,
    }, (identity) => new RedisClusterMetrics(identity, { url: redis?.url ?? "" })).start();
    for (let i = 0; i < 5; i++) other.meter.connectionOpened("ws");
    try {
      await vi.waitFor(async () => {
        const m = (await admin.get<AdminMetricsResponse>("/api/admin/metrics")).body;
        expect(m.nodes.map((n) => n.id)).toContain(other.identity.id);
        expect(m.nodes).toHaveLength(2);
        expect(m.connectionsByTransport).toEqual({ socketio: 1, ws: 5 });
        expect(m.totalConnections).toBe(6);
        expect(m.peakConnections).toBeGreaterThanOrEqual(6);
      }, { timeout: 10_000, interval: 250 });
    } finally {
      await other.close();
    }
    const after = (await admin.get<AdminMetricsResponse>("/api/admin/metrics")).body;
    expect(after.nodes).toHaveLength(1);
    expect(after.totalConnections).toBe(1);
    expect(after.peakConnections).toBeGreaterThanOrEqual(6);
  });
});
