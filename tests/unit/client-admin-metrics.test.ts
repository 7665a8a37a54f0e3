import { describe, expect, it } from "vitest";
import type { LiveMetrics, MetricsHistory, OnlineUserDto } from "@/contracts/metrics";
import { MetricsSeries, WINDOW_SECONDS } from "@/lib/client/metricsSeries";
import { addFetched, applyStatus, countByRole, filterOnline, onlineUsersById } from "@/redux/features/admin/onlineUsersCache";

const history = (from: number, n: number): MetricsHistory => {
  const col = <T,>(v: T) => Array.from({ length: n }, () => v);
  return { t: Array.from({ length: n }, (_, i) => from + i), connections: col(2), messagesPerSecond: col(1), eventsPerSecond: col(3), averageResponseTime: col(1), p95ResponseTime: col(2), errorRate: col(0), eventLoopDelayMs: col(null), heapUsed: col(2 * 1024 * 1024), rss: col(null), activeRooms: col(1) };
};

const live = (sec: number, connections: number): LiveMetrics => ({
  totalConnections: connections, peakConnections: connections, messagesPerSecond: 0, averageResponseTime: 0, totalMessages: 0, activeRooms: 0, errorRate: 0,
  at: sec * 1000, p95ResponseTime: 0, eventsPerSecond: 0, eventLoopDelayMs: 1, memory: { heapUsed: 1024 * 1024, rss: 2 * 1024 * 1024 }, onlineUsers: 0,
  connectionsByTransport: { socketio: connections, ws: 0 }, nodes: [], startedAt: new Date(0).toISOString(),
});

describe("the dashboard's chart series", () => {
  it("starts from the history (memory in MB) and moves one point per pushed second", () => {
    const s = MetricsSeries.fromHistory(history(100, 3));
    expect(s.t).toEqual([100, 101, 102]);
    expect(s.cols.heapMb).toEqual([2, 2, 2]);
    expect(s.append(live(103, 7))).toBe(true);
    expect(s.cols.connections.at(-1)).toBe(7);
    // A repeat or an older second changes nothing; a skipped second is a gap.
    expect(s.append(live(103, 9))).toBe(false);
    expect(s.append(live(90, 9))).toBe(false);
    expect(s.append(live(105, 5))).toBe(true);
    expect(s.t.slice(-3)).toEqual([103, 104, 105]);
    expect(s.cols.connections.slice(-3)).toEqual([7, null, 5]);
  });

  it("keeps exactly the last 15 minutes, dropping the oldest", () => {
    const s = MetricsSeries.fromHistory(history(1000, WINDOW_SECONDS));
    s.append(live(1000 + WINDOW_SECONDS, 1));
    expect(s.length).toBe(WINDOW_SECONDS);
    expect(s.t[0]).toBe(1001);
    // After a long sleep the gap never exceeds the window.
    s.append(live(1000 + 10 * WINDOW_SECONDS, 1));
    expect(s.length).toBe(WINDOW_SECONDS);
    expect(s.last).toBe(1000 + 10 * WINDOW_SECONDS);
  });
});

const user = (id: string, name: string, role: OnlineUserDto["role"], since = "2026-01-01T00:00:00.000Z"): OnlineUserDto => ({ id, name, role, status: "online", since, connections: 1 });

describe("the online list", () => {
  it("updates a known user, removes one who went offline, and names a newcomer to fetch", () => {
    const list = onlineUsersById([user("a", "Ann", "learner"), user("b", "Bo", "admin")]);
    expect(applyStatus(list, { userId: "a", status: "away", lastSeenAt: null })).toBeNull();
    expect(list.a?.status).toBe("away");
    expect(applyStatus(list, { userId: "b", status: "offline", lastSeenAt: null })).toBeNull();
    expect(list.b).toBeUndefined();
    expect(applyStatus(list, { userId: "c", status: "online", lastSeenAt: null })).toBe("c");
  });

  it("adds fetched newcomers unless they went offline meanwhile, with their latest status", () => {
    const list = onlineUsersById([]);
    addFetched(list, [user("c", "Cy", "learner"), user("d", "Di", "instructor")], new Map([["c", "away"], ["d", "offline"]] as const));
    expect(Object.keys(list)).toEqual(["c"]);
    expect(list.c?.status).toBe("away");
  });

  it("filters by name and role, newest first, and counts per role", () => {
    const list = onlineUsersById([user("a", "Ann Lee", "learner", "2026-01-01T00:00:01Z"), user("b", "Bo Lee", "instructor", "2026-01-01T00:00:03Z"), user("c", "Cy", "learner", "2026-01-01T00:00:02Z")]);
    expect(filterOnline(list, "", "all").map((u) => u.id)).toEqual(["b", "c", "a"]);
    expect(filterOnline(list, " lee ", "all").map((u) => u.id)).toEqual(["b", "a"]);
    expect(filterOnline(list, "LEE", "learner").map((u) => u.id)).toEqual(["a"]);
    expect(countByRole(Object.values(list))).toEqual({ all: 3, learner: 2, instructor: 1, admin: 0 });
  });
});
