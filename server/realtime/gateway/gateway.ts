import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import WebSocket, { WebSocketServer } from "ws";
import { ErrorCode } from "@/contracts/errors";
import { GATEWAY_MAX_PAYLOAD_BYTES, GATEWAY_PATH, GatewayClose } from "@/contracts/gateway";
import { clientIp } from "../../http/client-ip";
import { realtimeMetrics } from "../../metrics/registry";
import type { Limits } from "../../limits";
import type { AppIo } from "../../runtime";
import { socketDataOf } from "../auth";
import type { Broadcaster } from "../broadcaster";
import { SocketConnection } from "../client-connection";
import { connectionCounts } from "../connection-limits";
import { joinPersonalRooms } from "../connection";
import { leaveAllVideos } from "../handlers/video";
import type { EventDispatch, EventTable } from "../on-event";
import type { RealtimeState } from "../realtime-state";
import { admit } from "./gateway-auth";
import { onFrame } from "./gateway-frames";
import { logClose, noteServerClose } from "./close-log";
import { nativeStats } from "./native-stats";
import { NativeSocket, newClientId } from "./native-socket";
import { Heartbeat } from "./heartbeat";
import { gatewayWebSocketClass, type GatewayWebSocket } from "./gateway-websocket";

/**
 * The native WebSocket gateway at `/ws` (SPEC F12): `ws` in noServer mode on server.ts's upgrade
 * routing. An admitted client becomes a NativeSocket, a member of the main namespace with its
 * rooms in the adapter, so it is served by the same dispatcher and reached by the same broadcasts
 * (on any node) as a Socket.IO socket, and counted the same by presence, viewers and the limits.
 */

export interface GatewayDeps {
  io: AppIo;
  state: RealtimeState;
  realtime: Broadcaster;
  dispatch: EventDispatch;
  events: EventTable;
  getAccessSecret: () => string;
  limits: { limits: Limits; trustProxy: number };
  heartbeatMs: number;
  /** Same-origin rule as the Socket.IO handshake (a browser page of another site may not use the cookie). */
  originAllowed: (req: IncomingMessage) => boolean;
}

export interface Gateway {
  /** Whether an upgrade request is for the gateway. */
  handles(req: IncomingMessage): boolean;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every native connection (1001) and stops the heartbeat. */
  close(): void;
}

/**
 * ws closes the connection itself on a bad frame (1009 over maxPayload, 1002, 1007...) and stops
 * reading, so its close event would say 1006: note the code it sent.
 */
function onWsError(ws: WebSocket, err: Error): void {
  const status = Object.getOwnPropertySymbols(err).find((s) => s.description === "status-code");
  const code = status ? (err as unknown as Record<symbol, unknown>)[status] : undefined;
  noteServerClose(ws, typeof code === "number" ? code : 1002, err.message);
}

export function createGateway(deps: GatewayDeps): Gateway {
  const nsp = deps.io.of("/");
  // The namespace's member map holds Socket.IO sockets; a NativeSocket has every part of one it touches.
  const members = nsp.sockets as unknown as Map<string, NativeSocket>;
  const frames = { dispatch: deps.dispatch, events: deps.events };
  const stats = nativeStats();
  // Every connection's events, served by these functions (gateway-websocket.ts): no listeners or closures per connection.
  const ServedWebSocket = gatewayWebSocketClass({
    message: (ws, raw, isBinary) => { if (ws.member) serveSafely(ws.member, raw, isBinary); },
    close: onClose,
    error: onWsError,
    pong: (ws) => { heartbeat.pong(ws); },
  });
  const wss = new WebSocketServer<typeof ServedWebSocket>({
    noServer: true, perMessageDeflate: false, maxPayload: GATEWAY_MAX_PAYLOAD_BYTES, clientTracking: true, WebSocket: ServedWebSocket,
  });
  const heartbeat = new Heartbeat(wss.clients, deps.heartbeatMs);

  function end(native: NativeSocket, code: number, reason: string): void {
    noteServerClose(native.ws, code, reason);
    if (native.ws.readyState === WebSocket.OPEN || native.ws.readyState === WebSocket.CONNECTING) native.ws.close(code, reason);
    release(native);
  }

  /** Undoes admit: viewers (while the rooms are still known), rooms, membership, limits, expiry, presence. */
  function release(native: NativeSocket): void {
    native.connected = false;
    if (members.get(native.id) !== native) return;
    leaveAllVideos(new SocketConnection(native, deps.realtime), deps.state.viewers);
    nsp.adapter.delAll(native.id);
    members.delete(native.id);
    stats.open -= 1;
    realtimeMetrics().connectionClosed("ws");
    connectionCounts().release(native.data.userId, native.data.ip ?? "unknown");
    deps.state.expiry.remove(native);
    deps.state.presence.disconnect(native.data.userId, native.id);
  }

  /** A bug in serving one frame is logged and answered INTERNAL; it never reaches ws's emitter (nor crashes the server). */
  function serveSafely(native: NativeSocket, raw: WebSocket.RawData, isBinary: boolean): void {
    try {
      onFrame(native, raw, isBinary, frames);
    } catch (e) {
      console.error(`[gateway] frame from user ${native.data.userId} failed:`, e instanceof Error ? e.message : String(e));
      native.send({ type: "error", code: ErrorCode.Internal, message: "the server failed to serve this frame" });
    }
  }

  function onClose(ws: GatewayWebSocket, code: number, reason: Buffer): void {
    const native = ws.member;
    logClose(ws, code, reason.toString(), native ?? undefined);
    if (native) release(native);
  }

  function accept(ws: GatewayWebSocket, req: IncomingMessage): void {
    const ip = clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], deps.limits.trustProxy);
    void admit(ws, req, deps.getAccessSecret).then((admission) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (!admission.ok) {
        noteServerClose(ws, ...admission.close);
        ws.close(...admission.close);
        return;
      }
      const data = socketDataOf(admission.claims, ip);
      if (connectionCounts().tryAcquire(data.userId, ip, deps.limits.limits) !== null) {
        noteServerClose(ws, GatewayClose.TryAgainLater, "too many connections");
        ws.close(GatewayClose.TryAgainLater, "too many connections");
        return;
      }
      const native = new NativeSocket(newClientId(), data, ws, nsp, end);
      register(native, ws);
      for (const [raw, isBinary] of admission.early) serveSafely(native, raw, isBinary);
    }).catch((e: unknown) => {
      console.error("[gateway] admitting a connection failed:", e instanceof Error ? e.message : String(e));
      noteServerClose(ws, 1011, "internal error");
      ws.close(1011, "internal error");
    });
  }

  function register(native: NativeSocket, ws: GatewayWebSocket): void {
    members.set(native.id, native);
    ws.member = native; // from now on its frames are served (gateway-websocket.ts)
    stats.open += 1;
    realtimeMetrics().connectionOpened("ws");
    void native.join(native.id); // its own room, as Socket.IO's: toConnection() reaches it on any node
    joinPersonalRooms(native);
    deps.state.presence.connect(native.data.userId, native.id);
    native.send({ type: "welcome", clientId: native.id, userId: native.data.userId, message: "Connected to WebSocket server", timestamp: new Date().toISOString() });
    deps.state.expiry.add(native); // last: a token that expired meanwhile ends it at once, after the welcome
  }

  return {
    handles: (req) => (req.url ?? "").split("?")[0] === GATEWAY_PATH,
    handleUpgrade(req, socket, head) {
      if (!deps.originAllowed(req)) {
        socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => { accept(ws, req); });
    },
    close() {
      heartbeat.stop();
      for (const native of [...members.values()]) if (native instanceof NativeSocket) native.end(GatewayClose.GoingAway, "server shutting down");
      for (const ws of wss.clients) {
        noteServerClose(ws, GatewayClose.GoingAway, "server shutting down");
        ws.close(GatewayClose.GoingAway, "server shutting down");
      }
      wss.close();
    },
  };
}
