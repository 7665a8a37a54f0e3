import { describe, expect, it } from "vitest";
import { historyOf, liveMetrics, mergeSecond, secondFigures } from "@/server/metrics/aggregate";
import type { NodeReport } from "@/server/metrics/cluster";
import { BOUNDS_MS, BUCKETS, bucketOf, quantile } from "@/server/metrics/histogram";
import { RealtimeMeter } from "@/server/metrics/meter";
import { Outcome, Sample, SecondRing, type NodePoint } from "@/server/metrics/second-ring";

const histOf = (durations: number[]): number[] => {
  const h = new Array<number>(BUCKETS).fill(0);
  for (const d of durations) h[bucketOf(d)] = (h[bucketOf(d)] ?? 0) + 1;
  return h;
};

function point(t: number, over: Partial<NodePoint> = {}): NodePoint {
  return { t, outcomes: [0, 0, 0], handlingMs: 0, hist: new Array<number>(BUCKETS).fill(0), messages: 0, opened: [0, 0], closed: [0, 0], samples: [null, null, null, null, null, null], ...over };
}

function report(id: string, connections: number[], last: NodePoint, extra: Partial<NodeReport> = {}): NodeReport {
  return { node: { id, hostname: "h", pid: 1, startedAt: 1_000_000 }, heartbeat: 2_000_000, connections, peakConnections: 0, totalMessages: 0, onlineUsers: 0, last, ...extra };
}

describe("histogram buckets", () => {
  it("puts a duration in the first bucket whose upper bound is at least it; above the last bound, the open bucket", () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(0.1)).toBe(0);
    expect(bucketOf(0.11)).toBe(1);
    expect(bucketOf(1)).toBe(BOUNDS_MS.indexOf(1));
    expect(bucketOf(1.5)).toBe(BOUNDS_MS.indexOf(2));
    expect(bucketOf(60_000)).toBe(BUCKETS - 1);
  });

  it("reads p95 back by interpolating inside the bucket that holds the 95th percentile", () => {
    // 100 events: 94 fast (<= 1 ms), 6 slow (between 10 and 15 ms).
    const h = histOf([...new Array<number>(94).fill(0.8), ...new Array<number>(6).fill(12)]);
    const p95 = quantile(h, 0.95);
    expect(p95).toBeGreaterThan(10);
    expect(p95).toBeLessThanOrEqual(15);
    expect(quantile(h, 0.5)).toBeGreaterThan(0.5);
    expect(quantile(h, 0.5)).toBeLessThanOrEqual(1);
    expect(quantile(new Array<number>(BUCKETS).fill(0), 0.95)).toBe(0);
    expect(quantile(histOf([99_999]), 0.95)).toBe(10_000);
  });
});

describe("the per-second ring", () => {
  it("clears the seconds it skips and forgets what has left the window", () => {
    const ring = new SecondRing(5);
    const a = ring.slot(100);
    ring.messages[a] = 3;
    expect(ring.point(100).messages).toBe(3);
    // Jump 2 s: 101 is cleared and readable as zeros, 100 still held.
    const c = ring.slot(102);
    ring.messages[c] = 1;
    expect(ring.point(101).messages).toBe(0);
    expect(ring.held(101)).toBeGreaterThanOrEqual(0);
    expect(ring.point(100).messages).toBe(3);
    // 100 leaves once 105 arrives (5 slots); its slot now holds 105, cleared.
    ring.slot(105);
    expect(ring.held(100)).toBe(-1);
    expect(ring.point(100).messages).toBe(0);
    expect(ring.point(105).messages).toBe(0);
    expect(ring.slot(100)).toBe(-1);
    // A jump longer than the ring clears it all.
    ring.messages[ring.slot(105)] = 9;
    ring.slot(1000);
    expect(ring.held(105)).toBe(-1);
  });

  it("keeps gauges apart from counters: unsampled seconds read null", () => {
    const ring = new SecondRing(4);
    ring.setSample(10, Sample.connections, 7);
    expect(ring.point(10).samples[Sample.connections]).toBe(7);
    expect(ring.point(10).samples[Sample.rss]).toBeNull();
    expect(ring.point(11).samples[Sample.connections]).toBeNull();
  });
});

describe("the meter", () => {
  it("counts outcomes and handling time into the current second and the per-event totals", () => {
    const m = new RealtimeMeter(["message", "typing"]);
    const sec = m.nowSecond();
    m.eventDone(m.slotOf("message"), Outcome.ok, m.eventStarted() - 4);
    m.eventDone(m.slotOf("message"), Outcome.refused, m.eventStarted());
    m.eventDone(m.slotOf("nope"), Outcome.failed, m.eventStarted());
    const p = m.ring.point(m.ring.newest);
    expect(m.ring.newest).toBeGreaterThanOrEqual(sec);
    expect(p.outcomes).toEqual([1, 1, 1]);
    expect(p.handlingMs).toBeGreaterThanOrEqual(4);
    expect(m.slotOf("nope")).toBe(2);
    expect(m.eventNames[2]).toBe("(unknown)");
    expect(m.eventOutcomes[0 * 3 + Outcome.ok]).toBe(1);
    expect(m.eventOutcomes[2 * 3 + Outcome.failed]).toBe(1);
  });

  it("tracks connections per transport and their peak", () => {
    const m = new RealtimeMeter([]);
    m.connectionOpened("socketio");
    m.connectionOpened("ws");
    m.connectionOpened("socketio");
    m.connectionClosed("socketio");
    m.connectionClosed("ws");
    expect(m.connections()).toBe(1);
    expect(m.connections("socketio")).toBe(1);
    expect(m.connections("ws")).toBe(0);
    expect(m.peakConnections()).toBe(3);
    m.messageStored();
    m.messageStored();
    expect(m.totalMessages()).toBe(2);
    expect(m.ring.point(m.ring.newest).messages).toBe(2);
  });
});

describe("figures of a second and of the cluster", () => {
  it("rates, average, p95 and error rate of one second; zeros when nothing happened", () => {
    const f = secondFigures(mergeSecond([point(1, { outcomes: [8, 1, 1], handlingMs: 50, hist: histOf([1, 1, 1, 1, 1, 1, 1, 1, 1, 40]), messages: 6 })]));
    expect(f).toMatchObject({ eventsPerSecond: 10, messagesPerSecond: 6, averageResponseTime: 5, errorRate: 0.2 });
    expect(f.p95ResponseTime).toBeGreaterThan(25);
    expect(secondFigures(mergeSecond([point(1)]))).toEqual({ eventsPerSecond: 0, messagesPerSecond: 0, averageResponseTime: 0, p95ResponseTime: 0, errorRate: 0 });
  });

  it("sums nodes (the worst event-loop delay), keeps the peak of the sum, lists each node", () => {
    const a = report("a", [3, 1], point(50, { outcomes: [4, 0, 0], handlingMs: 4, messages: 2, samples: [4, 2, 5, 100, 200, 3] }), { totalMessages: 10, onlineUsers: 3 });
    const b = report("b", [2, 0], point(50, { outcomes: [3, 1, 0], handlingMs: 12, messages: 1, samples: [2, 1, 9, 50, 70, 2] }), { totalMessages: 5, onlineUsers: 2 });
    const live = liveMetrics([a, b], 4);
    expect(live).toMatchObject({
      totalConnections: 6, peakConnections: 6, messagesPerSecond: 3, totalMessages: 15, activeRooms: 3,
      averageResponseTime: 2, errorRate: 0.125, eventsPerSecond: 8, eventLoopDelayMs: 9,
      memory: { heapUsed: 150, rss: 270 }, onlineUsers: 5, connectionsByTransport: { socketio: 5, ws: 1 }, at: 50_000,
    });
    expect(live.nodes.map((n) => [n.id, n.connections])).toEqual([["a", 4], ["b", 2]]);
    // The peak of the sum is kept when it is higher than now.
    expect(liveMetrics([a, b], 9).peakConnections).toBe(9);
  });

  it("history: one column entry per second, summed over nodes, gaps as null", () => {
    const h = historyOf([[point(10, { messages: 1, samples: [2, null, null, null, null, null] }), point(12, { messages: 2 })], [point(10, { messages: 4, samples: [3, null, null, null, null, null] })]], 10, 12);
    expect(h.t).toEqual([10, 11, 12]);
    expect(h.messagesPerSecond).toEqual([5, 0, 2]);
    expect(h.connections).toEqual([5, null, null]);
  });
});
