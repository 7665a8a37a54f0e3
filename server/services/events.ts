import type { ServerToClientEvents } from "@/contracts/socket";

/**
 * What a service wants broadcast, as data. Services return these and never touch the transport;
 * the caller hands them to `emitEvents` (server/realtime/emit.ts).
 */
export type RealtimeEvent = {
  [E in keyof ServerToClientEvents]: {
    namespace?: "/" | "/admin";
    /** A room such as `user:<id>`, or several (a socket in two of them gets it once); omitted: everyone. */
    room?: string | string[];
    /** Leave out the sockets of this room (typing is never echoed to its author's tabs). */
    except?: string;
    /** May be dropped when a client is not ready (typing indicators). */
    volatile?: boolean;
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
