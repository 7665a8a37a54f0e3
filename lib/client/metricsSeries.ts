import type { LiveMetrics, MetricsHistory } from "@/contracts/metrics";

/** The dashboard's chart columns: one value per second, oldest first, `null` for a gap. */
export const SERIES = [
  "connections", "messagesPerSecond", "eventsPerSecond", "averageResponseTime", "p95ResponseTime",
  "errorRate", "eventLoopDelayMs", "heapMb", "rssMb", "activeRooms",
] as const;
export type SeriesKey = (typeof SERIES)[number];

/** 15 minutes at one point a second. */
export const WINDOW_SECONDS = 15 * 60;
const MB = 1024 * 1024;
const mb = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? null : Math.round((bytes / MB) * 10) / 10);

/**
 * The last 15 minutes as columns (uPlot's data shape), filled once from GET /api/admin/metrics and
 * then moved along by each pushed `metrics`: one point appended, the oldest dropped. The arrays are
 * changed in place so a chart redraws without copying.
 */
export class MetricsSeries {
  readonly t: number[] = [];
  readonly cols: Record<SeriesKey, (number | null)[]> = Object.fromEntries(SERIES.map((k) => [k, []])) as unknown as Record<SeriesKey, (number | null)[]>;

  static fromHistory(h: MetricsHistory): MetricsSeries {
    const s = new MetricsSeries();
    h.t.forEach((sec, i) => {
      s.push(sec, {
        connections: h.connections[i] ?? null,
        messagesPerSecond: h.messagesPerSecond[i] ?? 0,
        eventsPerSecond: h.eventsPerSecond[i] ?? 0,
        averageResponseTime: h.averageResponseTime[i] ?? 0,
        p95ResponseTime: h.p95ResponseTime[i] ?? 0,
        errorRate: h.errorRate[i] ?? 0,
        eventLoopDelayMs: h.eventLoopDelayMs[i] ?? null,
        heapMb: mb(h.heapUsed[i]),
        rssMb: mb(h.rss[i]),
        activeRooms: h.activeRooms[i] ?? null,
      });
    });
    s.trim();
    return s;
  }

  get length(): number {
    return this.t.length;
  }

  get last(): number | undefined {
    return this.t.at(-1);
  }

  /** Appends a pushed second (a repeat or an older one is ignored; skipped seconds become gaps). Returns whether it moved. */
  append(m: LiveMetrics): boolean {
    const sec = Math.floor(m.at / 1000);
    const last = this.last;
    if (last !== undefined && sec <= last) return false;
    if (last !== undefined && sec - last > 1) {
      // Seconds whose push was dropped (volatile) or the tab slept: gaps, at most a window's worth.
      for (let t = Math.max(last + 1, sec - WINDOW_SECONDS); t < sec; t++) this.push(t, null);
    }
    this.push(sec, {
      connections: m.totalConnections,
      messagesPerSecond: m.messagesPerSecond,
      eventsPerSecond: m.eventsPerSecond,
      averageResponseTime: m.averageResponseTime,
      p95ResponseTime: m.p95ResponseTime,
      errorRate: m.errorRate,
      eventLoopDelayMs: m.eventLoopDelayMs,
      heapMb: mb(m.memory.heapUsed),
      rssMb: mb(m.memory.rss),
      activeRooms: m.activeRooms,
    });
    this.trim();
    return true;
  }

  private push(sec: number, values: Record<SeriesKey, number | null> | null): void {
    this.t.push(sec);
    for (const k of SERIES) this.cols[k].push(values ? values[k] : null);
  }

  private trim(): void {
    const extra = this.t.length - WINDOW_SECONDS;
    if (extra <= 0) return;
    this.t.splice(0, extra);
    for (const k of SERIES) this.cols[k].splice(0, extra);
  }
}
