import type { ErrorBody, ErrorCode } from "./errors";
import type { ServerToClientEvents } from "./socket";

/**
 * The native WebSocket gateway at `/ws` (SPEC F12, seed 004): JSON text frames, each an object with
 * a `type`. Seed 004's own messages keep its field names; every event of the Socket.IO contract
 * (contracts/socket.ts) travels as `{ type: "<event>", data }`, and a client event sent with an `id`
 * is answered `{ type: "ack", id, ok, data | error }`. docs/GATEWAY.md shows it with examples.
 */

export const GATEWAY_PATH = "/ws";

/** Close codes the server sends (besides the standard ones `ws` sends itself, such as 1009). */
export const GatewayClose = {
  /** A client that closed normally; also our reply to its close frame. */
  Normal: 1000,
  /** The server is shutting down: reconnect (with backoff) to another node or later. */
  GoingAway: 1001,
  /** A binary frame: this protocol is JSON text only. */
  Unsupported: 1003,
  /** Too many connections of this user or address, or the store cannot check the token: retry later. */
  TryAgainLater: 1013,
  /** Missing, invalid or expired token (reason says which): get a fresh access token, then reconnect. */
  Unauthorized: 4401,
} as const;

/** The reason of a 4401 close. */
export const UnauthorizedReason = { Missing: "missing", Invalid: "invalid", Expired: "expired" } as const;
export type UnauthorizedReason = (typeof UnauthorizedReason)[keyof typeof UnauthorizedReason];

/** How long a connection without a token in its URL, header or cookie may take to send `{ type: "auth" }`. */
export const AUTH_FRAME_TIMEOUT_MS = 5000;
/** Frames larger than this close the connection with 1009 (the Socket.IO payload cap too). */
export const GATEWAY_MAX_PAYLOAD_BYTES = 64 * 1024;

/** Seed 004's messages, client to server. */
export type SeedClientMessage =
  | { type: "auth"; token: string }
  | { type: "ping" }
  | { type: "echo"; message: unknown }
  | { type: "join-room"; room: string }
  | { type: "leave-room"; room: string }
  | { type: "broadcast"; message: string; title?: string };

/** Seed 004's messages, server to client. */
export type SeedServerMessage =
  | { type: "welcome"; clientId: string; userId: string; message: string; timestamp: string }
  | { type: "pong"; timestamp: string }
  | { type: "echo"; original: unknown; timestamp: string }
  | { type: "room-joined"; room: string; timestamp: string }
  | { type: "room-left"; room: string; timestamp: string }
  | { type: "broadcast-sent"; delivered: number; timestamp: string };

/** A server event of the Socket.IO contract, as a native client receives it. */
export type ServerEventMessage = {
  [E in keyof ServerToClientEvents]: { type: E; data: Parameters<ServerToClientEvents[E]>[0] };
}[keyof ServerToClientEvents];

/** The answer to a client event sent with an `id`. */
export type AckMessage = { type: "ack"; id: string | number; ok: true; data: unknown } | { type: "ack"; id: string | number; ok: false; error: ErrorBody };

/** A refused or malformed frame (the connection stays open). `id` echoes the frame's, when it had one. */
export interface ErrorMessage {
  type: "error";
  code: ErrorCode;
  message: string;
  id?: string | number;
}

export type GatewayServerMessage = SeedServerMessage | ServerEventMessage | AckMessage | ErrorMessage;
