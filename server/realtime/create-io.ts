import type { IncomingMessage, Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { ADMIN_NAMESPACE } from "@/contracts/socket";
import { DEFAULT_LIMITS } from "../limits";
import { MemoryBuckets, type BucketStore } from "../rate-limit";
import { RedisBuckets } from "../cluster/redis-limits";
import { clusterAdapter } from "./cluster-adapter";
import { runtime, type AppIo } from "../runtime";
import { sendMessage } from "../services/chat/send-message";
import { socketAuth } from "./auth";
import { connectionCap, releaseConnection } from "./connection-limits";
import { joinPersonalRooms } from "./connection";
import { chatEvents } from "./handlers/chat";
import { jobEvents } from "./handlers/jobs";
import { notificationEvents } from "./handlers/notification";
import { presenceEvents } from "./handlers/presence";
import { roomEvents } from "./handlers/rooms";
import { leaveAllVideos, recountRecoveredViewer, videoEvents } from "./handlers/video";
import { eventDispatcher, type ClientEventTable, type EventTable, type RealtimeServices } from "./on-event";
import { AppAdapter } from "./app-adapter";
import { broadcasterOf } from "./broadcaster";
import { SocketConnection } from "./client-connection";
import { createRealtimeState, type RealtimeState } from "./realtime-state";
import type { AppSocket } from "./types";
import { createGateway, type Gateway } from "./gateway/gateway";
import { isAllowedOrigin } from "../http/origin";
import { startRealtimeMetrics } from "../metrics/install";
import { realtimeTimings, type RealtimeTimings } from "./timings";

/** Every client event of the main namespace: the compiler refuses a missing, extra or misspelt one. */
const clientEvents: EventTable = {
  ...notificationEvents,
  ...presenceEvents,
  ...videoEvents,
  ...roomEvents,
  ...chatEvents,
  ...jobEvents,
} satisfies ClientEventTable;

export interface RealtimeOptions {
  /** Replaces services; only the realtime benchmark's store-less chat variant passes one. */
  services?: Partial<RealtimeServices>;
  /** `false` turns the metrics off (the benchmark's metrics-off variant only; F10). */
  metrics?: boolean;
  /** Presence grace, viewer-count interval, gateway heartbeat (timings.ts); tests shorten them. */
  timings?: Partial<RealtimeTimings>;
}

export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

/** Same-origin only (plus clients that send no Origin, such as Node or mobile apps), or ALLOWED_ORIGINS. */
function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const scheme = (req.socket as { encrypted?: boolean } | undefined)?.encrypted ? "https:" : "http:";
  return !origin || isAllowedOrigin(origin, [req.headers.host], [scheme, ...(runtime.getConfig()?.trustProxy ? ["https:"] : [])]);
}

function allowRequest(req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void {
  const ok = originAllowed(req);
  callback(ok ? null : "origin not allowed", ok);
}

export function createIo(
  httpServer: HttpServer,
  getAccessSecret: () => string,
  opts: RealtimeOptions = {},
): { io: AppIo; state: RealtimeState; gateway: Gateway } {
  const cluster = runtime.getCluster();
  const io: AppIo = new Server(httpServer, {
    serveClient: false,
    // Socket.IO's in-memory adapter with recovery, plus our snapshot delivery (app-adapter.ts); with
    // REDIS_URL the Redis Streams adapter with the same snapshot delivery on every node (cluster-adapter.ts).
    adapter: cluster ? clusterAdapter(cluster.redis) : AppAdapter,
    // Several nodes: WebSocket only, so no request of a session has to find the node holding it (no
    // sticky sessions; docs/DEPLOY.md "Why no long-polling").
    ...(cluster ? { transports: ["websocket"] } : {}),
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    // Runs the auth middleware again on recovery, so an expired token cannot resume a session.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    // Other upgrades (Next's HMR at /_next/hmr) are handed to Next by server.ts, not destroyed.
    destroyUpgrade: false,
    allowRequest,
  });

  // Memory: keep only what the handshake needs of the initial HTTP request, not the request itself.
  io.engine.on("connection", (raw: { request: IncomingMessage }) => {
    const req = raw.request;
    raw.request = {
      headers: req.headers,
      url: req.url,
      connection: { encrypted: Boolean((req.socket as { encrypted?: boolean }).encrypted) },
      _query: (req as unknown as { _query?: unknown })._query,
    } as unknown as IncomingMessage;
  });

  const realtime = broadcasterOf(io);
  const timings = realtimeTimings(opts.timings);
  const state = createRealtimeState(realtime, timings, cluster);
  const services: RealtimeServices = { sendMessage, ...opts.services };
  // Shared by every socket (Socket.IO calls them with the socket as `this`): nothing per connection.
  // Limits (server/limits.ts) as configured by startServer; per user and per IP on top of per socket.
  const config = runtime.getConfig();
  // Metrics (F10): counts events, connections and chat messages; samples and pushes once a second.
  const metrics = opts.metrics === false ? null : startRealtimeMetrics(io, state, realtime, Object.keys(clientEvents));

  const limits = { limits: config?.limits ?? DEFAULT_LIMITS, trustProxy: config?.trustProxy ?? 0 };
  // Per-user and per-IP buckets: shared by every node with a cluster (cluster/redis-limits.ts).
  const buckets = (): BucketStore => (cluster ? new RedisBuckets(cluster.redis) : new MemoryBuckets());
  const dispatch = eventDispatcher(clientEvents, { realtime, state, services }, {
    users: buckets(),
    ips: buckets(),
    perUser: limits.limits.eventRatePerUser,
    perIp: limits.limits.eventRatePerIp,
  }, metrics?.meter);
  function onDisconnecting(this: AppSocket): void {
    leaveAllVideos(new SocketConnection(this, realtime), state.viewers); // the socket still has its rooms here
  }
  function onDisconnect(this: AppSocket): void {
    releaseConnection(this);
    metrics?.meter.connectionClosed("socketio");
    state.expiry.remove(this);
    state.presence.disconnect(this.data.userId, this.id);
  }

  io.use(socketAuth(getAccessSecret, { adminOnly: false }));
  // Last: it counts the socket in only once every other check has passed (connection-limits.ts).
  io.use(connectionCap(limits));
  io.on("connection", (socket: AppSocket) => {
    metrics?.meter.connectionOpened("socketio");
    joinPersonalRooms(socket);
    state.expiry.add(socket);
    state.presence.connect(socket.data.userId, socket.id);
    if (socket.recovered) recountRecoveredViewer(new SocketConnection(socket, realtime), state.viewers);
    socket.onAny(dispatch);
    socket.on("disconnecting", onDisconnecting);
    socket.on("disconnect", onDisconnect);
    // Seed 001 (SPEC F13): every connection is acknowledged with its id.
    realtime.toConnection(socket.id, "connection_ack", { status: "success", socketId: socket.id });
  });

  const admin = io.of(ADMIN_NAMESPACE);
  admin.use(socketAuth(getAccessSecret, { adminOnly: true }));
  function onAdminDisconnect(this: AppSocket): void {
    state.expiry.remove(this);
  }
  admin.on("connection", (socket: AppSocket) => {
    state.expiry.add(socket);
    socket.on("disconnect", onAdminDisconnect);
  });
  if (metrics) {
    const closeState = state.close.bind(state);
    state.close = async () => {
      await metrics.stop();
      await closeState();
    };
  }
  // The native WebSocket gateway (/ws, SPEC F12): the same dispatcher, state and rooms as sockets.
  const gateway = createGateway({
    io, state, realtime, dispatch, events: clientEvents, getAccessSecret, limits,
    heartbeatMs: timings.wsHeartbeatMs ?? config?.wsHeartbeatMs ?? 30_000,
    originAllowed,
  });
  return { io, state, gateway };
}

/**
 * Tells this node's sockets the server is going away, then closes their connections. `local`: only
 * this node's (with a cluster adapter a plain emit would reach every node's clients) and not kept for
 * recovery. The connections are closed, not the sessions: the disconnect is a recoverable one, so the
 * client reconnects by itself and, with REDIS_URL, resumes on another node with its rooms and the
 * events it missed (connection state recovery through the Streams adapter).
 */
export function endAllSessions(io: AppIo): void {
  for (const ns of [io.of("/"), io.of(ADMIN_NAMESPACE)]) {
    ns.local.emit("sessionEnded", { reason: "server_shutdown" });
    // Loosely typed: other transports registered in the namespace (the native gateway) close their own.
    for (const socket of ns.sockets.values()) (socket as { conn?: { close?: () => void } }).conn?.close?.();
  }
}
