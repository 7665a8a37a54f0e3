import { afterEach, describe, expect, it, vi } from "vitest";
import type { AdminMetricsResponse, LiveMetrics, OnlineUsersResponse } from "@/contracts/metrics";
import { buyFirstCourse, freshLearner, sendOk } from "./support/chat";
import { Api, connect, DEMO, emitAck, loginAs, record, useTestServer } from "./support/harness";

// A 1 s offline grace period (5 s in production): the online list drops a learner who left soon after.
const t = useTestServer({ timings: { presenceGraceMs: 1000 } });

async function metrics(admin: Api): Promise<AdminMetricsResponse> {
  const res = await admin.get<AdminMetricsResponse>("/api/admin/metrics");
  if (res.status !== 200) throw new Error(`metrics: ${res.status}`);
  return res.body;
}

const SEED_002_NAMES = ["totalConnections", "peakConnections", "messagesPerSecond", "averageResponseTime", "totalMessages", "activeRooms", "errorRate"];

describe("GET /api/admin/metrics", () => {
  it("401 without a token, 403 for a learner, 200 with seed 002's names and ours for an admin", async () => {
    expect((await new Api(t.url).get("/api/admin/metrics")).status).toBe(401);
    const learner = await loginAs(t.url, DEMO.learner1);
    expect((await learner.get("/api/admin/metrics")).status).toBe(403);
    const admin = await loginAs(t.url, DEMO.admin);
    // History holds complete seconds only: a server a few hundred milliseconds old has none yet.
    const body = await vi.waitFor(async () => {
      const b = await metrics(admin);
      expect(b.history.t.length).toBeGreaterThan(0);
      return b;
    }, { timeout: 5000, interval: 200 });
    for (const name of [...SEED_002_NAMES, "p95ResponseTime", "eventLoopDelayMs", "onlineUsers", "startedAt"]) expect(body).toHaveProperty(name);
    expect(body.memory.heapUsed).toBeGreaterThan(0);
    expect(body.memory.rss).toBeGreaterThan(body.memory.heapUsed);
    expect(body.connectionsByTransport).toEqual({ socketio: expect.any(Number) as number, ws: 0 });
    expect(body.nodes).toHaveLength(1);
    expect(Date.parse(body.nodes[0]?.lastHeartbeat ?? "")).toBeGreaterThan(Date.now() - 5000);
    // One column entry per second, at most 15 minutes.
    expect(body.history.t.length).toBeGreaterThan(0);
    expect(body.history.t.length).toBeLessThanOrEqual(900);
    expect(body.history.connections).toHaveLength(body.history.t.length);
    expect(body.history.t.at(-1)).toBe((body.history.t[0] ?? 0) + body.history.t.length - 1);
  });

  it("connections raise totalConnections and peakConnections; the peak stays when they close", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const before = await metrics(admin);
    const learner = await loginAs(t.url, DEMO.learner2);
    const sockets = await Promise.all([1, 2, 3].map(() => connect(t.url, { token: learner.token })));
    await vi.waitFor(async () => {
      const m = await metrics(admin);
      expect(m.totalConnections).toBe(before.totalConnections + 3);
      expect(m.peakConnections).toBeGreaterThanOrEqual(before.totalConnections + 3);
      expect(m.connectionsByTransport.socketio).toBe(before.totalConnections + 3);
      expect(m.activeRooms).toBeGreaterThan(0); // user:<id> at least
    }, { timeout: 8000, interval: 200 });
    for (const s of sockets) s.close();
    await vi.waitFor(async () => {
      const m = await metrics(admin);
      expect(m.totalConnections).toBe(before.totalConnections);
      expect(m.peakConnections).toBeGreaterThanOrEqual(before.totalConnections + 3);
    }, { timeout: 8000, interval: 200 });
  });

  it("N chat messages raise totalMessages by N, and messagesPerSecond is above 0 in the second they were sent", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const [learner, instructor] = await Promise.all([freshLearner(t.url), loginAs(t.url, DEMO.instructor)]);
    await buyFirstCourse(learner);
    const socket = await connect(t.url, { token: learner.token });
    const before = await metrics(admin);
    const N = 12;
    for (let i = 0; i < N; i++) await sendOk(socket, { recipientId: instructor.user.id }, `hello ${i}`);
    await vi.waitFor(async () => {
      const m = await metrics(admin);
      expect(m.totalMessages).toBe(before.totalMessages + N);
      // The seconds they were sent in, summed: exactly N (nobody else chats in this file).
      const since = m.history.t.findIndex((sec) => sec * 1000 >= before.at + 1000);
      expect(m.history.messagesPerSecond.slice(since).reduce((a, b) => a + b, 0)).toBe(N);
      expect(Math.max(...m.history.messagesPerSecond.slice(since))).toBeGreaterThan(0);
      expect(Math.max(...m.history.eventsPerSecond.slice(since))).toBeGreaterThan(0);
      expect(Math.max(...m.history.averageResponseTime.slice(since))).toBeGreaterThan(0);
    }, { timeout: 8000, interval: 250 });
  });
});

describe("the /admin namespace's metrics push", () => {
  afterEach(() => { vi.useRealTimers(); });

  it("arrives about once a second on an admin's /admin socket, never on a learner's socket", async () => {
    const [admin, learner] = await Promise.all([loginAs(t.url, DEMO.admin), loginAs(t.url, DEMO.learner1)]);
    const learnerSocket = await connect(t.url, { token: learner.token });
    const learnerGot = record(learnerSocket, "metrics");
    await expect(connect(t.url, { token: learner.token, ns: "/admin" })).rejects.toThrow();
    const adminSocket = await connect(t.url, { token: admin.token, ns: "/admin" });
    const pushes = record(adminSocket, "metrics");
    await vi.waitFor(() => { expect(pushes.length).toBeGreaterThanOrEqual(4); }, { timeout: 10_000, interval: 100 });
    const seconds = pushes.map((p) => p.at / 1000);
    // One push per second: consecutive seconds (a tick may be skipped on a loaded machine, never repeated).
    for (let i = 1; i < seconds.length; i++) {
      expect((seconds[i] ?? 0) - (seconds[i - 1] ?? 0)).toBeGreaterThanOrEqual(1);
      expect((seconds[i] ?? 0) - (seconds[i - 1] ?? 0)).toBeLessThanOrEqual(3);
    }
    const last = pushes.at(-1) as LiveMetrics & { history?: unknown };
    expect(last).not.toHaveProperty("history");
    for (const name of SEED_002_NAMES) expect(last).toHaveProperty(name);
    expect(last.totalConnections).toBeGreaterThanOrEqual(1);
    expect(learnerGot).toEqual([]);
  });

  it("a refused event raises errorRate", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const adminSocket = await connect(t.url, { token: admin.token, ns: "/admin" });
    const pushes = record(adminSocket, "metrics");
    const learner = await connect(t.url, { token: (await loginAs(t.url, DEMO.learner1)).token });
    // An invalid payload and an unknown event: both refused with an error ack.
    const bad = await emitAck(learner, "watchingVideo", { videoId: "not-an-id" });
    expect(bad.ok).toBe(false);
    const unknown = await emitAck(learner, "no-such-event", {});
    expect(unknown.ok).toBe(false);
    await vi.waitFor(() => {
      expect(pushes.some((p) => p.errorRate > 0)).toBe(true);
    }, { timeout: 8000, interval: 100 });
  });
});

describe("GET /metrics (Prometheus)", () => {
  afterEach(() => { delete process.env.METRICS_TOKEN; });

  it("404 while METRICS_TOKEN is unset, 401 with a wrong token, 200 with the text format and our metrics", async () => {
    delete process.env.METRICS_TOKEN;
    const anon = new Api(t.url);
    expect((await anon.get("/metrics")).status).toBe(404);
    process.env.METRICS_TOKEN = "scrape-secret-123";
    expect((await anon.get("/metrics")).status).toBe(401);
    expect((await new Api(t.url, "wrong-secret-123").get("/metrics")).status).toBe(401);
    // An admin's access token is not the metrics token.
    expect((await loginAs(t.url, DEMO.admin)).token).toBeTruthy();
    const socket = await connect(t.url, { token: (await loginAs(t.url, DEMO.learner1)).token });
    await emitAck(socket, "getUsersStatus", []);
    const res = await new Api(t.url, "scrape-secret-123").get<string>("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = res.body;
    expect(text).toContain("# TYPE process_cpu_user_seconds_total counter");
    expect(text).toContain("# TYPE learnlive_realtime_connections gauge");
    expect(text).toMatch(/learnlive_realtime_connections\{transport="socketio"\} [1-9]/);
    expect(text).toContain('learnlive_realtime_connections{transport="ws"} 0');
    expect(text).toContain("# TYPE learnlive_realtime_events_total counter");
    expect(text).toMatch(/learnlive_realtime_events_total\{event="getUsersStatus",outcome="ok"\} [1-9]/);
    expect(text).toContain("# TYPE learnlive_realtime_event_handling_seconds histogram");
    expect(text).toMatch(/learnlive_realtime_event_handling_seconds_bucket\{event="getUsersStatus",le="\+Inf"\} [1-9]/);
    expect(text).toContain("# TYPE learnlive_realtime_rooms gauge");
    expect(text).toMatch(/learnlive_online_users [1-9]/);
  });
});

describe("GET /api/admin/online-users", () => {
  it("admins only; lists a connected learner with name, role, status, since and tabs, and drops them after the grace period", async () => {
    const learner = await freshLearner(t.url, "Olive Online");
    expect((await learner.get("/api/admin/online-users")).status).toBe(403);
    expect((await new Api(t.url).get("/api/admin/online-users")).status).toBe(401);
    const admin = await loginAs(t.url, DEMO.admin);
    const tabs = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: learner.token })]);
    const find = async () => (await admin.get<OnlineUsersResponse>("/api/admin/online-users")).body.users.find((u) => u.id === learner.user.id);
    expect(await find()).toMatchObject({ name: "Olive Online", role: "learner", status: "online", connections: 2 });
    expect(Date.parse((await find())?.since ?? "")).toBeGreaterThan(Date.now() - 60_000);
    // ?ids= narrows the list (the dashboard asks about newcomers); bad ids are a 400.
    const narrowed = (await admin.get<OnlineUsersResponse>(`/api/admin/online-users?ids=${learner.user.id}`)).body.users;
    expect(narrowed.map((u) => u.id)).toEqual([learner.user.id]);
    expect((await admin.get("/api/admin/online-users?ids=nope")).status).toBe(400);
    for (const s of tabs) s.close();
    await vi.waitFor(async () => { expect(await find()).toBeUndefined(); }, { timeout: 8000, interval: 200 });
  });
});
