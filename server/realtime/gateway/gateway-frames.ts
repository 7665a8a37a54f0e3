import type WebSocket from "ws";
import type { Ack } from "@/contracts/ack";
import { ErrorCode, type ErrorBody } from "@/contracts/errors";
import { GatewayClose } from "@/contracts/gateway";
import { TokenBucket } from "../../rate-limit";
import type { EventDispatch, EventTable } from "../on-event";
import type { NativeSocket } from "./native-socket";
import { roomRequest } from "./native-rooms";

/**
 * What a native client sends once admitted (SPEC F12): seed 004's messages (`ping`, `echo`,
 * `join-room`, `leave-room`, `broadcast`) and every client event of the contract as
 * `{ type, id?, data }`, served by the Socket.IO dispatcher itself (same schema, rate buckets and
 * authorisation). Bad input is answered `{ type: "error", code: "BAD_REQUEST" }` and the connection
 * stays; only a binary frame closes it (1003).
 */

type FrameId = string | number;

export interface FrameContext {
  dispatch: EventDispatch;
  events: EventTable;
}

/** Frames of any kind per connection: a burst of 60, then 20 a second (contract events have their own buckets too). */
const FRAME_BURST = 60;
const FRAME_RATE = 20;
const frameBuckets = new WeakMap<NativeSocket, TokenBucket>();
/** When each connection was last told it is rate-limited: one such error a second, not one per dropped frame. */
const lastLimitNotice = new WeakMap<NativeSocket, number>();

const now = () => new Date().toISOString();
const text = (raw: WebSocket.RawData): string =>
  Buffer.isBuffer(raw) ? raw.toString("utf8") : Array.isArray(raw) ? Buffer.concat(raw).toString("utf8") : Buffer.from(raw).toString("utf8");

function refuse(socket: NativeSocket, error: ErrorBody, id?: FrameId): void {
  socket.send({ type: "error", code: error.code, message: error.message, ...(id === undefined ? {} : { id }) });
}

const badRequest = (socket: NativeSocket, message: string, id?: FrameId) => { refuse(socket, { code: ErrorCode.BadRequest, message }, id); };

function withinRate(socket: NativeSocket): boolean {
  let bucket = frameBuckets.get(socket);
  if (!bucket) frameBuckets.set(socket, (bucket = new TokenBucket(FRAME_BURST, FRAME_RATE)));
  if (bucket.take()) return true;
  const t = Date.now();
  if ((lastLimitNotice.get(socket) ?? 0) + 1000 <= t) {
    lastLimitNotice.set(socket, t);
    refuse(socket, { code: ErrorCode.RateLimited, message: "too many frames; slow down" });
  }
  return false;
}

/** `id` must be a short string or a finite number when present. */
function frameId(value: unknown): FrameId | undefined | null {
  if (value === undefined) return undefined;
  if ((typeof value === "string" && value.length <= 64) || (typeof value === "number" && Number.isFinite(value))) return value;
  return null;
}

export function onFrame(socket: NativeSocket, raw: WebSocket.RawData, isBinary: boolean, ctx: FrameContext): void {
  if (!socket.connected) return;
  if (isBinary) {
    socket.end(GatewayClose.Unsupported, "binary frames are not supported; send JSON text");
    return;
  }
  if (!withinRate(socket)) return;
  let frame: unknown;
  try {
    frame = JSON.parse(text(raw));
  } catch {
    badRequest(socket, "malformed JSON");
    return;
  }
  if (typeof frame !== "object" || frame === null || Array.isArray(frame) || typeof (frame as { type?: unknown }).type !== "string") {
    badRequest(socket, 'a frame is a JSON object with a string "type"');
    return;
  }
  const msg = frame as Record<string, unknown> & { type: string };
  const id = frameId(msg.id);
  if (id === null) {
    badRequest(socket, '"id" must be a string of at most 64 characters or a number');
    return;
  }
  serve(socket, msg, id, ctx);
}

function serve(socket: NativeSocket, msg: Record<string, unknown> & { type: string }, id: FrameId | undefined, ctx: FrameContext): void {
  const reply = <T>(ok: (data: T) => void) => (ack: Ack<T>) => {
    if (!ack.ok) refuse(socket, ack.error, id);
    else ok(ack.data);
  };
  switch (msg.type) {
    case "ping":
      socket.send({ type: "pong", timestamp: now() });
      return;
    case "echo":
      socket.send({ type: "echo", original: msg.message, timestamp: now() });
      return;
    case "auth":
      badRequest(socket, "already authenticated", id);
      return;
    case "join-room":
    case "leave-room": {
      const joining = msg.type === "join-room";
      const request = roomRequest(socket, msg.room, joining);
      if ("error" in request) {
        refuse(socket, request.error, id);
        return;
      }
      const room = msg.room as string;
      const answer = () => { socket.send({ type: joining ? "room-joined" : "room-left", room, timestamp: now() }); };
      if (!request.event) answer();
      else ctx.dispatch.call(socket, request.event, request.payload, reply(answer));
      return;
    }
    case "broadcast": {
      // An announcement to everyone (F4): the contract's `notification` event, admins only.
      const payload = { title: typeof msg.title === "string" ? msg.title : "Announcement", message: msg.message };
      ctx.dispatch.call(socket, "notification", payload, reply<{ delivered: number }>((data) => {
        socket.send({ type: "broadcast-sent", delivered: data.delivered, timestamp: now() });
      }));
      return;
    }
    default:
      serveContractEvent(socket, msg, id, ctx);
  }
}

/** `{ type: "<event>", id?, data }`: the dispatcher answers `{ type: "ack", id, ok, ... }`, or only a failure when there is no id. */
function serveContractEvent(socket: NativeSocket, msg: Record<string, unknown> & { type: string }, id: FrameId | undefined, ctx: FrameContext): void {
  if (!Object.hasOwn(ctx.events, msg.type)) {
    badRequest(socket, `unknown type "${msg.type.slice(0, 64)}"`, id);
    return;
  }
  ctx.dispatch.call(socket, msg.type, msg.data, (ack: Ack<unknown>) => {
    if (id !== undefined) socket.send(ack.ok ? { type: "ack", id, ok: true, data: ack.data } : { type: "ack", id, ok: false, error: ack.error });
    else if (!ack.ok) refuse(socket, ack.error);
  });
}
