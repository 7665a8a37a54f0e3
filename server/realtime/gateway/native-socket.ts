import { randomBytes } from "node:crypto";
import WebSocket from "ws";
import { GatewayClose, GATEWAY_PATH, UnauthorizedReason, type GatewayServerMessage } from "@/contracts/gateway";
import type { ServerToClientEvents, SocketData } from "@/contracts/socket";
import type { AppNamespace } from "../types";

type SessionEndReason = Parameters<ServerToClientEvents["sessionEnded"]>[0]["reason"];

/** A socket.io-parser packet as the adapter hands it to each member (`data`: event, payload[, recovery offset]). */
interface Packet {
  type: number;
  data: unknown[];
}

/** socket.io-parser's EVENT packet type: the only kind a native client is sent. */
const EVENT = 2;

/**
 * Frames are encoded once per broadcast: the adapter hands the same packet to every member of a room
 * in one synchronous loop, so the last frame is the only one worth keeping. Keyed by the packet's
 * `data` array, not the packet: a snapshot broadcast is delivered in slices, each a new packet around
 * the same `data` (app-adapter.ts), and one frame serves them all.
 */
let last: { data: unknown[]; event: unknown; payload: unknown; frame: Buffer } | null = null;

function frameOf(packet: Packet): Buffer {
  const [event, payload] = packet.data;
  if (last?.data === packet.data && last.event === event && last.payload === payload) return last.frame;
  const frame = Buffer.from(JSON.stringify({ type: event, data: payload }));
  last = { data: packet.data, event, payload, frame };
  return frame;
}

/** The close each `sessionEnded` reason leads to. */
const closeFor: Record<SessionEndReason, readonly [number, string]> = {
  token_expired: [GatewayClose.Unauthorized, UnauthorizedReason.Expired],
  logged_out: [GatewayClose.Unauthorized, UnauthorizedReason.Invalid],
  server_shutdown: [GatewayClose.GoingAway, "server shutting down"],
};

/** Engine.IO's side of a member: a native client has none (it is written in notifyOutgoingListeners). */
const NO_ENGINE = { writeToEngine(): void { /* nothing: see notifyOutgoingListeners */ } };
/** Server-to-client acks (`emitWithAck`) are a Socket.IO feature; a native member never answers one. */
const NO_ACKS = { set(): void { /* never answered */ }, delete: (): boolean => false };

/**
 * Seed 004's client ids: `<ms since epoch>-<random>`, unique across nodes (they name a room cluster-wide).
 * Decoded from one buffer, so the string is flat (a concatenation would keep a cons string per connection).
 */
export const newClientId = (): string => Buffer.from(`${String(Date.now())}-${randomBytes(9).toString("base64url")}`, "latin1").toString("latin1");

/**
 * A native WebSocket client as a member of the main namespace: it sits in `nsp.sockets` and in the
 * adapter's rooms like a Socket.IO socket, and has what the namespace and adapter touch of one
 * (`id`, `data`, `handshake`, `rooms`, `join`, `leave`, `disconnect`, `_onclose`, `client`,
 * `notifyOutgoingListeners`). So every broadcast the adapter applies on this node, whether emitted
 * here or arriving from another node through a cluster adapter, is written to it as
 * `{ type: event, data }`; fetchSockets, the Broadcaster's snapshots and presence see it unchanged.
 */
export class NativeSocket {
  connected = true;
  /** Why the server ends the session, once it said so (`sessionEnded`): decides the close code. */
  private ending: SessionEndReason | null = null;

  /** Fields only: every connection costs memory, so what can be shared (below) is on the prototype. */
  constructor(
    readonly id: string,
    readonly data: SocketData,
    readonly ws: WebSocket,
    private readonly nsp: AppNamespace,
    /** The gateway's one function that closes a connection and releases what it held. */
    private readonly onEnd: (socket: NativeSocket, code: number, reason: string) => void,
  ) {}

  get client(): typeof NO_ENGINE {
    return NO_ENGINE;
  }

  get acks(): typeof NO_ACKS {
    return NO_ACKS;
  }

  /** Socket.IO's handshake shape (a cluster adapter's fetchSockets sends it to other nodes): never the token. */
  get handshake() {
    const issued = Number.parseInt(this.id, 10); // the id starts with the connection's time
    return { headers: {}, time: new Date(issued).toString(), address: this.data.ip ?? "", xdomain: false, secure: false, issued, url: GATEWAY_PATH, query: {}, auth: {} };
  }

  get rooms(): Set<string> {
    return this.nsp.adapter.socketRooms(this.id) ?? new Set();
  }

  join(rooms: string | string[]): Promise<void> | void {
    return this.nsp.adapter.addAll(this.id, new Set(typeof rooms === "string" ? [rooms] : rooms));
  }

  leave(room: string): Promise<void> | void {
    return this.nsp.adapter.del(this.id, room);
  }

  /** Called by the adapter for each packet it delivers to this member. */
  notifyOutgoingListeners(packet: Packet): void {
    if (packet.type !== EVENT) return;
    if (packet.data[0] === "sessionEnded") this.noteEnding(packet.data[1]);
    this.write(frameOf(packet));
  }

  /** A direct emit (SessionExpiry): `{ type: event, data }` to this client alone. */
  emit(event: keyof ServerToClientEvents, payload: unknown): boolean {
    if (event === "sessionEnded") this.noteEnding(payload);
    this.send({ type: event, data: payload } as GatewayServerMessage);
    return true;
  }

  send(message: GatewayServerMessage): void {
    this.write(JSON.stringify(message));
  }

  /**
   * The server ends the connection (token expiry, logout, shutdown, an admin's disconnectSockets).
   * Whatever `close` says: a native client has no namespace to leave without closing its WebSocket.
   */
  disconnect(_close?: boolean): this {
    const [code, reason] = this.ending ? closeFor[this.ending] : [GatewayClose.Normal, "closed by the server"];
    this.end(code, reason);
    return this;
  }

  /** io.close(): Socket.IO tells every member the server is going away. */
  _onclose(): void {
    this.end(...closeFor.server_shutdown);
  }

  /** Closes with `code` and `reason` (once); the gateway cleans up at once and logs the close. */
  end(code: number, reason: string): void {
    if (!this.connected) return;
    this.connected = false;
    this.onEnd(this, code, reason);
  }

  private noteEnding(payload: unknown): void {
    const reason = (payload as { reason?: unknown } | null)?.reason;
    if (typeof reason === "string" && Object.hasOwn(closeFor, reason)) this.ending = reason as SessionEndReason;
  }

  private write(frame: Buffer | string): void {
    if (this.connected && this.ws.readyState === WebSocket.OPEN) this.ws.send(frame, { binary: false });
  }
}
