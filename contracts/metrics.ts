import type { PresenceStatus, Role } from "./dto";

/**
 * The admin dashboard's figures (SPEC F10). The first block is seed 002's `SocketMetrics`, same
 * names and meanings; the rest is ours. Rates and times are those of the last complete second.
 */
export interface SocketMetrics {
  /** Socket.IO connections (main namespace) plus native WebSocket ones, open now. */
  totalConnections: number;
  /** The highest `totalConnections` since start (cluster-wide: the peak of the sum). */
  peakConnections: number;
  /** Chat messages stored in the last complete second. */
  messagesPerSecond: number;
  /** Mean handling time (ms, receipt to ack or end of handler) of the client events of the last second. */
  averageResponseTime: number;
  /** Chat messages stored since the server (each node) started. */
  totalMessages: number;
  /** Named rooms (user, admin, video, course, lesson, conversation), not each socket's own room. */
  activeRooms: number;
  /** (refused + failed) / handled client events in the last second, 0..1 (0 when none). */
  errorRate: number;
}

export const TRANSPORTS = ["socketio", "ws"] as const;
export type Transport = (typeof TRANSPORTS)[number];

export interface MemoryFigures {
  heapUsed: number;
  rss: number;
}

/** One node's own figures, with the time of its last heartbeat. */
export interface NodeMetricsDto {
  id: string;
  hostname: string;
  pid: number;
  startedAt: string;
  lastHeartbeat: string;
  connections: number;
  connectionsByTransport: Record<Transport, number>;
  eventsPerSecond: number;
  messagesPerSecond: number;
  activeRooms: number;
  onlineUsers: number;
  eventLoopDelayMs: number;
  memory: MemoryFigures;
}

/** What the `/admin` namespace pushes as `metrics` once a second. */
export interface LiveMetrics extends SocketMetrics {
  /** The second these figures describe (epoch ms of its start). */
  at: number;
  /** 95th percentile handling time (ms) of the last second's client events, from histogram buckets. */
  p95ResponseTime: number;
  /** Client events handled in the last second (any outcome). */
  eventsPerSecond: number;
  /** 99th percentile event-loop delay over the last second, ms (the worst node). */
  eventLoopDelayMs: number;
  /** Summed over nodes. */
  memory: MemoryFigures;
  /** Distinct users with at least one connection (or within the offline grace period). */
  onlineUsers: number;
  connectionsByTransport: Record<Transport, number>;
  nodes: NodeMetricsDto[];
  startedAt: string;
}

/**
 * The last 15 minutes, one entry per second, oldest first, column by column (the shape charts
 * take). `null` where a second was not sampled (the server was busy or not yet started).
 */
export interface MetricsHistory {
  t: number[];
  connections: (number | null)[];
  messagesPerSecond: number[];
  eventsPerSecond: number[];
  averageResponseTime: number[];
  p95ResponseTime: number[];
  errorRate: number[];
  eventLoopDelayMs: (number | null)[];
  heapUsed: (number | null)[];
  rss: (number | null)[];
  activeRooms: (number | null)[];
}

/** GET /api/admin/metrics */
export interface AdminMetricsResponse extends LiveMetrics {
  history: MetricsHistory;
}

/** Users online now (SPEC F10), one entry per user. */
export interface OnlineUserDto {
  id: string;
  name: string;
  role: Role;
  status: Exclude<PresenceStatus, "offline">;
  /** When this stretch online began. */
  since: string;
  /** Open tabs and devices. */
  connections: number;
}

/** GET /api/admin/online-users[?ids=a,b] */
export interface OnlineUsersResponse {
  users: OnlineUserDto[];
}
