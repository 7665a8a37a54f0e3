import { TRANSPORTS, type LiveMetrics, type MetricsHistory, type NodeMetricsDto, type Transport } from "@/contracts/metrics";
import { BUCKETS, quantile } from "./histogram";
import { Outcome, OUTCOME_COUNT, Sample, SAMPLE_COUNT, type NodePoint } from "./second-ring";
import type { NodeReport } from "./cluster";

/** One second summed over nodes: counters add up, gauges add up, the event-loop delay is the worst node's. */
export interface MergedSecond {
  outcomes: number[];
  handlingMs: number;
  hist: number[];
  messages: number;
  samples: (number | null)[];
}

export function mergeSecond(points: readonly NodePoint[]): MergedSecond {
  const m: MergedSecond = { outcomes: new Array<number>(OUTCOME_COUNT).fill(0), handlingMs: 0, hist: new Array<number>(BUCKETS).fill(0), messages: 0, samples: new Array<number | null>(SAMPLE_COUNT).fill(null) };
  for (const p of points) {
    p.outcomes.forEach((v, k) => { m.outcomes[k] = (m.outcomes[k] ?? 0) + v; });
    p.hist.forEach((v, k) => { m.hist[k] = (m.hist[k] ?? 0) + v; });
    m.handlingMs += p.handlingMs;
    m.messages += p.messages;
    p.samples.forEach((v, k) => {
      if (v === null) return;
      const prev = m.samples[k] ?? null;
      m.samples[k] = prev === null ? v : k === Sample.eventLoopDelayMs ? Math.max(prev, v) : prev + v;
    });
  }
  return m;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** The rates and times of one (merged) second. */
export function secondFigures(m: MergedSecond): { eventsPerSecond: number; messagesPerSecond: number; averageResponseTime: number; p95ResponseTime: number; errorRate: number } {
  const handled = m.outcomes.reduce((a, b) => a + b, 0);
  const bad = (m.outcomes[Outcome.refused] ?? 0) + (m.outcomes[Outcome.failed] ?? 0);
  return {
    eventsPerSecond: handled,
    messagesPerSecond: m.messages,
    averageResponseTime: handled === 0 ? 0 : round(m.handlingMs / handled, 3),
    p95ResponseTime: round(quantile(m.hist, 0.95), 3),
    errorRate: handled === 0 ? 0 : round(bad / handled, 4),
  };
}

const byTransport = (counts: readonly number[]): Record<Transport, number> =>
  Object.fromEntries(TRANSPORTS.map((t, i) => [t, counts[i] ?? 0])) as Record<Transport, number>;

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function nodeRow(r: NodeReport): NodeMetricsDto {
  const f = secondFigures(mergeSecond([r.last]));
  return {
    id: r.node.id,
    hostname: r.node.hostname,
    pid: r.node.pid,
    startedAt: new Date(r.node.startedAt).toISOString(),
    lastHeartbeat: new Date(r.heartbeat).toISOString(),
    connections: sum(r.connections),
    connectionsByTransport: byTransport(r.connections),
    eventsPerSecond: f.eventsPerSecond,
    messagesPerSecond: f.messagesPerSecond,
    activeRooms: r.last.samples[Sample.rooms] ?? 0,
    onlineUsers: r.onlineUsers,
    eventLoopDelayMs: round(r.last.samples[Sample.eventLoopDelayMs] ?? 0, 2),
    memory: { heapUsed: r.last.samples[Sample.heapUsed] ?? 0, rss: r.last.samples[Sample.rss] ?? 0 },
  };
}

/**
 * The cluster's figures from every live node's latest report: connections and counters summed,
 * `peak` (the peak of the sum, kept by the ClusterMetrics), `onlineUsers` when presence knows the
 * cluster-wide number (else the nodes' sum).
 */
export function liveMetrics(reports: readonly NodeReport[], peak: number, onlineUsers?: number): LiveMetrics {
  const merged = mergeSecond(reports.map((r) => r.last));
  const f = secondFigures(merged);
  const connections = TRANSPORTS.map((_, i) => sum(reports.map((r) => r.connections[i] ?? 0)));
  const total = sum(connections);
  return {
    totalConnections: total,
    peakConnections: Math.max(peak, total),
    messagesPerSecond: f.messagesPerSecond,
    averageResponseTime: f.averageResponseTime,
    totalMessages: sum(reports.map((r) => r.totalMessages)),
    activeRooms: merged.samples[Sample.rooms] ?? 0,
    errorRate: f.errorRate,
    at: Math.max(0, ...reports.map((r) => r.last.t)) * 1000,
    p95ResponseTime: f.p95ResponseTime,
    eventsPerSecond: f.eventsPerSecond,
    eventLoopDelayMs: round(merged.samples[Sample.eventLoopDelayMs] ?? 0, 2),
    memory: { heapUsed: merged.samples[Sample.heapUsed] ?? 0, rss: merged.samples[Sample.rss] ?? 0 },
    onlineUsers: onlineUsers ?? sum(reports.map((r) => r.onlineUsers)),
    connectionsByTransport: byTransport(connections),
    nodes: reports.map(nodeRow),
    startedAt: new Date(reports.length ? Math.min(...reports.map((r) => r.node.startedAt)) : Date.now()).toISOString(),
  };
}

/** Seconds `from..to`, each summed over the nodes' points for it, as chart columns. */
export function historyOf(pointsByNode: readonly (readonly NodePoint[])[], from: number, to: number): MetricsHistory {
  const bySecond = new Map<number, NodePoint[]>();
  for (const points of pointsByNode) {
    for (const p of points) {
      if (p.t < from || p.t > to) continue;
      let list = bySecond.get(p.t);
      if (!list) bySecond.set(p.t, (list = []));
      list.push(p);
    }
  }
  const h: MetricsHistory = { t: [], connections: [], messagesPerSecond: [], eventsPerSecond: [], averageResponseTime: [], p95ResponseTime: [], errorRate: [], eventLoopDelayMs: [], heapUsed: [], rss: [], activeRooms: [] };
  for (let t = from; t <= to; t++) {
    const m = mergeSecond(bySecond.get(t) ?? []);
    const f = secondFigures(m);
    h.t.push(t);
    h.connections.push(m.samples[Sample.connections] ?? null);
    h.messagesPerSecond.push(f.messagesPerSecond);
    h.eventsPerSecond.push(f.eventsPerSecond);
    h.averageResponseTime.push(f.averageResponseTime);
    h.p95ResponseTime.push(f.p95ResponseTime);
    h.errorRate.push(f.errorRate);
    const eld = m.samples[Sample.eventLoopDelayMs] ?? null;
    h.eventLoopDelayMs.push(eld === null ? null : round(eld, 2));
    h.heapUsed.push(m.samples[Sample.heapUsed] ?? null);
    h.rss.push(m.samples[Sample.rss] ?? null);
    h.activeRooms.push(m.samples[Sample.rooms] ?? null);
  }
  return h;
}
