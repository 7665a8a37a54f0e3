import type { ServerToClientEvents } from "@/contracts/socket";
import type { AppIo } from "../runtime";

/** Sockets written per slice: a few milliseconds of work (docs/BENCHMARKS.md, realistic mix). */
const SLICE = 200;

type Snapshot = "viewerCount";

/**
 * Sends a snapshot event (the latest value wins: a viewer count) to every socket of a room in this
 * process, SLICE sockets at a time, yielding to the event loop between slices. A room of 1,250
 * watchers took one 40 ms task in a single `io.to(room).emit`, and four videos whose throttles fire
 * together blocked chat messages and acks for over 150 ms; sliced, other work runs in between.
 *
 * The sockets are written one by one, not as a broadcast, so these packets are not kept for
 * connection state recovery (2 minutes of them per room): a snapshot replayed later is stale anyway,
 * and a client asks again on every connect (hooks/useViewerCount.ts).
 */
export function emitSnapshot<E extends Snapshot>(io: AppIo, room: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
  const members = io.of("/").adapter.rooms.get(room);
  if (!members || members.size === 0) return;
  const ids = [...members];
  const sockets = io.of("/").sockets;
  let next = 0;
  const sendSlice = (): void => {
    const end = Math.min(next + SLICE, ids.length);
    for (; next < end; next++) sockets.get(ids[next] ?? "")?.emit(event, ...args);
    if (next < ids.length) setImmediate(sendSlice);
  };
  sendSlice();
}
