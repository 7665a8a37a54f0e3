import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { ErrorCode } from "@/contracts/errors";
import type { AdminMetricsResponse, LiveMetrics } from "@/contracts/metrics";
import { AppError } from "../errors";
import { historyOf, liveMetrics } from "./aggregate";
import { RedisClusterMetrics } from "./redis-cluster";
import { LocalClusterMetrics, type ClusterMetrics, type NodeIdentity, type NodeReport } from "./cluster";
import { HISTORY_SECONDS, type RealtimeMeter } from "./meter";
import { Sample, type NodePoint } from "./second-ring";
import type { OnlineEntry } from "../realtime/presence";
import { runtime } from "../runtime";

/** What the sampler reads once a second from the realtime layer (wired by create-io.ts). */
export interface MetricsSources {
  /** Named rooms of the main namespace (each socket's own room excluded). */
  rooms(): number;
  /** Users with a connection on this node (the node's own figure). */
  onlineUsers(): number;
  /** Users online in the whole cluster (a user with tabs on two nodes counts once). */
  onlineTotal(): Promise<number>;
  /** Everyone online in the whole cluster, for the admin dashboard's list. */
  onlineList(): Promise<OnlineEntry[]>;
  /** Whether an admin dashboard is connected to this node (then the figures are pushed). */
  adminWatching(): boolean;
  /** Sends the figures to this node's admin dashboards (volatile). */
  pushToAdmins(figures: LiveMetrics): void;
}

/** The ClusterMetrics to use, given how to read this node's own seconds. */
export type ClusterFactory = (identity: NodeIdentity, readPoints: (from: number, to: number) => NodePoint[]) => ClusterMetrics;

/** In this process, or through the node's Redis client when it is one of a cluster (REDIS_URL, F11). */
const defaultCluster: ClusterFactory = (identity, readPoints) => {
  const cluster = runtime.getCluster();
  return cluster ? new RedisClusterMetrics(identity, { client: cluster.redis }) : new LocalClusterMetrics(readPoints);
};

/**
 * One node's metrics: the meter the hot paths write to, and a sampler that once a second (aligned
 * to the second) records the gauges (connections, rooms, event-loop delay p99, heap, RSS, online
 * users), publishes the node's report to the cluster and, while an admin dashboard is connected,
 * pushes the cluster-wide figures to it.
 */
export class NodeMetrics {
  readonly identity: NodeIdentity;
  readonly cluster: ClusterMetrics;
  private readonly eld: IntervalHistogram;
  private timer: NodeJS.Timeout | null = null;
  private pushing = false;
  private publishFailed = false;

  constructor(readonly meter: RealtimeMeter, private readonly sources: MetricsSources, cluster: ClusterFactory = defaultCluster) {
    this.identity = { id: `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`, hostname: hostname(), pid: process.pid, startedAt: Date.now() };
    this.cluster = cluster(this.identity, (from, to) => this.ownPoints(from, to));
    this.eld = monitorEventLoopDelay({ resolution: 10 });
  }

  start(): this {
    this.eld.enable();
    this.tick();
    return this;
  }

  /** The cluster-wide figures of the last complete second. */
  async live(): Promise<LiveMetrics> {
    try {
      const reports = await this.cluster.reports();
      const current = reports.reduce((n, r) => n + r.connections.reduce((a, b) => a + b, 0), 0);
      const [peak, online] = await Promise.all([this.cluster.peak(current), this.sources.onlineTotal()]);
      return liveMetrics(reports, peak, online);
    } catch (e) {
      throw new AppError(ErrorCode.Unavailable, `cluster metrics unavailable: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The figures and the last 15 minutes (from the oldest live node's start at most). */
  async withHistory(): Promise<AdminMetricsResponse> {
    const live = await this.live();
    const to = this.meter.nowSecond() - 1;
    const from = Math.max(to - HISTORY_SECONDS + 1, Math.floor(Date.parse(live.startedAt) / 1000));
    const points = await this.cluster.points(from, to).catch((e: unknown) => {
      throw new AppError(ErrorCode.Unavailable, `cluster metrics unavailable: ${e instanceof Error ? e.message : String(e)}`);
    });
    return { ...live, history: historyOf(points, from, to) };
  }

  /** The gauges as they stand now (Prometheus reads them when scraped). */
  gauges(): { rooms: number; onlineUsers: number } {
    return { rooms: this.sources.rooms(), onlineUsers: this.sources.onlineUsers() };
  }

  /** Who is online now, on any node (presence: in memory, or in Redis with REDIS_URL). */
  onlineList(): Promise<OnlineEntry[]> {
    return this.sources.onlineList();
  }

  /** Stops sampling; `leave: false` leaves this node for the others to time out (tests of a crash). */
  close(opts: { leave?: boolean } = {}): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.eld.disable();
    return this.cluster.close(opts);
  }

  private schedule(): void {
    const ms = 1000 - (Date.now() % 1000) + 5;
    this.timer = setTimeout(() => { this.tick(); }, ms);
    this.timer.unref();
  }

  private tick(): void {
    const sec = this.meter.nowSecond() - 1;
    const ring = this.meter.ring;
    const mem = process.memoryUsage();
    const online = this.sources.onlineUsers();
    ring.setSample(sec, Sample.connections, this.meter.connections());
    ring.setSample(sec, Sample.rooms, this.sources.rooms());
    ring.setSample(sec, Sample.eventLoopDelayMs, this.eld.count > 0 ? this.eld.percentile(99) / 1e6 : 0);
    ring.setSample(sec, Sample.heapUsed, mem.heapUsed);
    ring.setSample(sec, Sample.rss, mem.rss);
    ring.setSample(sec, Sample.onlineUsers, online);
    this.eld.reset();
    const point = ring.point(sec);
    const report: NodeReport = {
      node: this.identity,
      heartbeat: Date.now(),
      connections: [this.meter.connections("socketio"), this.meter.connections("ws")],
      peakConnections: this.meter.peakConnections(),
      totalMessages: this.meter.totalMessages(),
      onlineUsers: online,
      last: point,
    };
    this.cluster.publish(report, point).then(
      () => { this.publishFailed = false; },
      (e: unknown) => {
        // One line per outage, not one a second.
        if (!this.publishFailed) console.error("[metrics] publish failed:", e instanceof Error ? e.message : String(e));
        this.publishFailed = true;
      },
    );
    if (this.sources.adminWatching() && !this.pushing) this.push();
    this.schedule();
  }

  private push(): void {
    this.pushing = true;
    this.live().then(
      (figures) => { this.sources.pushToAdmins(figures); },
      (e: unknown) => { console.error("[metrics] figures not pushed:", e instanceof Error ? e.message : String(e)); },
    ).finally(() => { this.pushing = false; });
  }

  private ownPoints(from: number, to: number): NodePoint[] {
    const out: NodePoint[] = [];
    for (let t = from; t <= to; t++) if (this.meter.ring.held(t) >= 0) out.push(this.meter.ring.point(t));
    return out;
  }
}
