import type { NodePoint } from "./second-ring";

/** Who a node is: `id` is unique per process (hostname, pid and a random part). */
export interface NodeIdentity {
  id: string;
  hostname: string;
  pid: number;
  startedAt: number;
}

/** What a node publishes once a second: its gauges now and its last complete second. */
export interface NodeReport {
  node: NodeIdentity;
  /** Epoch ms of this report (the heartbeat). */
  heartbeat: number;
  /** Open connections by transport (contracts/metrics.ts TRANSPORTS order). */
  connections: number[];
  peakConnections: number;
  totalMessages: number;
  onlineUsers: number;
  last: NodePoint;
}

/** A node that has not reported for this long is dropped from the figures and the nodes list. */
export const NODE_TIMEOUT_MS = 30_000;

/**
 * Where the nodes' figures meet. One node: `LocalClusterMetrics`, in this process. Several nodes
 * (F11, REDIS_URL): each node publishes into Redis with a heartbeat and any node reads every live
 * node back, so every answer is cluster-wide (sums, the peak of the sum, per-node rows).
 */
export interface ClusterMetrics {
  /** Called by each node once a second. */
  publish(report: NodeReport, point: NodePoint): Promise<void>;
  /** The latest report of every live node (silent for NODE_TIMEOUT_MS: gone). */
  reports(): Promise<NodeReport[]>;
  /** Each live node's points for the seconds `from..to` (inclusive; missing seconds may be absent). */
  points(from: number, to: number): Promise<NodePoint[][]>;
  /** The highest cluster-wide connection count seen, given the current sum. */
  peak(currentSum: number): Promise<number>;
  /** Stops; `leave` (default true) removes this node at once, `false` leaves it to time out (a crash). */
  close(opts?: { leave?: boolean }): Promise<void>;
}

/** One process: the node's own report and ring are the cluster. */
export class LocalClusterMetrics implements ClusterMetrics {
  private latest: NodeReport | null = null;
  private highest = 0;

  constructor(private readonly readPoints: (from: number, to: number) => NodePoint[]) {}

  publish(report: NodeReport): Promise<void> {
    this.latest = report;
    return Promise.resolve();
  }

  reports(): Promise<NodeReport[]> {
    return Promise.resolve(this.latest ? [this.latest] : []);
  }

  points(from: number, to: number): Promise<NodePoint[][]> {
    return Promise.resolve([this.readPoints(from, to)]);
  }

  peak(currentSum: number): Promise<number> {
    this.highest = Math.max(this.highest, currentSum, this.latest?.peakConnections ?? 0);
    return Promise.resolve(this.highest);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
