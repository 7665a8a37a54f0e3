import { Adapter } from "socket.io-adapter";
import type { ServerToClientEvents } from "@/contracts/socket";
import type { AppIo } from "../runtime";

/** Sockets written per slice: a few milliseconds of work (docs/BENCHMARKS.md, realistic mix). */
const SLICE = 200;
/** Socket.IO's EVENT packet type (socket.io-parser). */
const EVENT = 2;

/** Events whose latest value is all that matters, and which every client asks for again on connect. */
type Snapshot = "viewerCount" | "userStatusUpdate";

/**
 * Sends a snapshot event (the latest value wins: a viewer count, a presence status) to every socket
 * of `rooms` in this process, SLICE sockets at a time, yielding to the event loop between slices. A
 * room of 1,250 watchers took one 40 ms task in a single `io.to(room).emit`, and four videos whose
 * throttles fire together blocked chat messages and acks for over 150 ms; sliced, other work runs in
 * between.
 *
 * Each slice goes through the plain in-memory adapter's broadcast: the packet is encoded once (and its
 * WebSocket frame built once) for the whole slice, and it is not stored for connection state
 * recovery. Both matter: with recovery on, Socket.IO stores every emit, a per-socket `socket.emit`
 * included, for two minutes, and that store held ~300,000 stale counts at 2,500 viewers, a large part
 * of the server's garbage collection in the mix (docs/BENCHMARKS.md). A snapshot replayed later is
 * stale anyway, and the client asks again on every connect, recovered or not (useViewerCount,
 * useOnlineStatus).
 *
 * With several processes (F11) each sends to its own sockets: the value must reach each process.
 */
export function emitSnapshot<E extends Snapshot>(
  io: AppIo,
  rooms: string | readonly string[],
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
): void {
  const nsp = io.of("/");
  const ids = socketsIn(nsp.adapter.rooms, typeof rooms === "string" ? [rooms] : rooms);
  let next = 0;
  const sendSlice = (): void => {
    const slice = new Set(ids.slice(next, next + SLICE));
    next += SLICE;
    // `broadcast` adds the namespace to the packet: a fresh packet per slice.
    Adapter.prototype.broadcast.call(nsp.adapter, { type: EVENT, data: [event, ...args] }, { rooms: slice, except: new Set<string>(), flags: {} });
    if (next < ids.length) setImmediate(sendSlice);
  };
  if (ids.length > 0) sendSlice();
}

/** The distinct sockets of some rooms (a socket in two of them is written once). */
function socketsIn(all: Map<string, Set<string>>, rooms: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const room of rooms) for (const id of all.get(room) ?? []) ids.add(id);
  return [...ids];
}
