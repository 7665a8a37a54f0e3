import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AdminMetricsResponse } from "@/contracts/metrics";
import { RealtimeMeter } from "@/server/metrics/meter";
import { NodeMetrics } from "@/server/metrics/node-metrics";
import { RedisClusterMetrics } from "@/server/metrics/redis-cluster";
import { connect, DEMO, loginAs, useTestServer } from "./support/harness";
import { redisAvailable, startRedis } from "./support/redis-server";

/**
 * With REDIS_URL the server's metrics are the cluster's: a second node (another NodeMetrics
 * publishing into the same redis-server, as a second process would) shows up in GET
 * /api/admin/metrics, its connections are summed in, and it is gone once it leaves.
 */

const haveRedis = redisAvailable("metrics-redis-server");
let redis: Awaited<ReturnType<typeof startRedis>> | null = null;
const previous = process.env.REDIS_URL;

beforeAll(async () => {
  if (!haveRedis) return;
  redis = await startRedis();
  process.env.REDIS_URL = redis.url; // read when the server below starts its metrics
});

const t = useTestServer();

afterAll(() => {
  redis?.stop();
  if (previous === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = previous;
});

describe.skipIf(!haveRedis)("GET /api/admin/metrics with REDIS_URL", () => {
  it("sums this node and another one, lists both, and drops the other when it leaves", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    await connect(t.url, { token: (await loginAs(t.url, DEMO.learner1)).token });
    const other = new NodeMetrics(new RealtimeMeter([]), {
      rooms: () => 0, onlineUsers: () => 0, onlineList: () => [], adminWatching: () => false, pushToAdmins: () => undefined,
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
