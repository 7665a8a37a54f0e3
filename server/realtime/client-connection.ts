import type { ServerToClientEvents } from "@/contracts/socket";
import type { Actor } from "../auth/actor";
import type { Audience, Delivery } from "../services/events";
import type { Broadcaster } from "./broadcaster";
import { roomsOf } from "./broadcaster";
import type { ServedSocket } from "./types";

/**
 * What an event handler may do with the client that sent the event, whatever its transport
 * (a Socket.IO socket today, a plain WebSocket through the gateway next): who it is, which audiences
 * it belongs to, and a reply to it alone.
 */
export interface Connection {
  readonly id: string;
  readonly actor: Actor;
  /** False once the client has gone (an async handler may finish after it left). */
  readonly connected: boolean;
  isIn(audience: Audience): boolean;
  join(audience: Audience): Promise<void>;
  leave(audience: Audience): Promise<void>;
  /** The videos this connection watches (its `{ video }` audiences). */
  videos(): string[];
  send<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0], delivery?: Delivery): void;
}

const VIDEO_ROOM_PREFIX = roomsOf({ video: "" })[0] ?? "video:";

/** A Socket.IO socket (or a gateway one, which has the same shape) as a Connection: its audiences are its rooms, so it keeps no state of its own. */
export class SocketConnection implements Connection {
  constructor(
    private readonly socket: ServedSocket,
    private readonly broadcaster: Broadcaster,
  ) {}

  get id(): string {
    return this.socket.id;
  }

  get actor(): Actor {
    const { userId, role, name } = this.socket.data;
    return { userId, role, name };
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  isIn(audience: Audience): boolean {
    const rooms = roomsOf(audience);
    return rooms.length > 0 && rooms.every((r) => this.socket.rooms.has(r));
  }

  async join(audience: Audience): Promise<void> {
    await this.socket.join(roomsOf(audience));
  }

  async leave(audience: Audience): Promise<void> {
    for (const room of roomsOf(audience)) await this.socket.leave(room);
  }

  videos(): string[] {
    const ids: string[] = [];
    for (const room of this.socket.rooms) if (room.startsWith(VIDEO_ROOM_PREFIX)) ids.push(room.slice(VIDEO_ROOM_PREFIX.length));
    return ids;
  }

  send<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0], delivery: Delivery = "reliable"): void {
    this.broadcaster.toConnection(this.socket.id, event, payload, delivery);
  }
}
