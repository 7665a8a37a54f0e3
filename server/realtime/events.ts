import type { ServerToClientEvents } from "@/contracts/socket";

/**
 * What a service wants broadcast, as data. Services return these and never touch the transport;
 * the caller hands them to `emitEvents` (server/realtime/emit.ts).
 */
export type RealtimeEvent = {
  [E in keyof ServerToClientEvents]: {
    namespace?: "/" | "/admin";
    /** A room such as `user:<id>`; omitted: everyone in the namespace. */
    room?: string;
    event: E;
    payload: Parameters<ServerToClientEvents[E]>[0];
  };
}[keyof ServerToClientEvents];

export interface WithEvents<T> {
  result: T;
  events: RealtimeEvent[];
}
