import type { ServerToClientEvents } from "@/contracts/socket";

/**
 * Who should hear an event, in the product's words. Services name audiences; the realtime layer's
 * Broadcaster (server/realtime/broadcaster.ts) maps them to rooms and transports, so a service never
 * knows whether a client speaks Socket.IO or plain WebSocket, or on which node it is connected.
 */
export type Audience =
  /** Every connection of these users (all their tabs and devices). */
  | { users: readonly string[] }
  /** Every connection of every admin. */
  | { admins: true }
  /** The admin dashboard's live feed (Socket.IO's `/admin` namespace). */
  | { adminDashboard: true }
  /** Connections with this conversation open. */
  | { conversation: string }
  /** Connections watching this video (a lesson id). */
  | { video: string }
  /** Connections on this course's page. */
  | { course: string }
  /** Connections following this lesson's Q&A. */
  | { lesson: string }
  /** Connections that registered this job (F13). */
  | { job: string };

/**
 * - `reliable` (default): kept for connection state recovery (F9), delivered after a short drop.
 * - `volatile`: may be dropped when a client is not ready (typing indicators).
 * - `snapshot`: only the latest value matters and clients ask again on every connect (viewer counts,
 *   presence): never stored for recovery, delivered in slices so a large audience does not block.
 */
export type Delivery = "reliable" | "volatile" | "snapshot";

/** What a service wants broadcast, as data. Services return these and never touch the transport. */
export type RealtimeEvent = {
  [E in keyof ServerToClientEvents]: {
    /** One audience, or several (a connection in two of them gets the event once). */
    to: Audience | readonly Audience[];
    /** Leave out every connection of these users (typing is never echoed to its author's tabs). */
    exceptUsers?: readonly string[];
    delivery?: Delivery;
    event: E;
    payload: Parameters<ServerToClientEvents[E]>[0];
  };
}[keyof ServerToClientEvents];

export interface WithEvents<T> {
  result: T;
  events: RealtimeEvent[];
  /**
   * Work the service goes on with after answering (already tracked for shutdown; it never rejects):
   * the caller emits these events when it settles.
   */
  later?: Promise<RealtimeEvent[]>;
}
