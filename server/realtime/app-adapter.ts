import { Adapter, type BroadcastFlags, type BroadcastOptions, SessionAwareAdapter } from "socket.io-adapter";

/** Sockets written per slice of a snapshot: a few milliseconds of work (docs/BENCHMARKS.md, realistic mix). */
const SLICE = 200;

/** The broadcast flag the Broadcaster sets on snapshot events (services/events.ts `Delivery`). */
export const SNAPSHOT_FLAGS = { snapshot: true } as BroadcastFlags;

export const isSnapshot = (opts: BroadcastOptions): boolean => (opts.flags as { snapshot?: boolean } | undefined)?.snapshot === true;

/** A socket.io-parser packet, as adapters receive it (typed `any` by socket.io-adapter). */
interface Packet {
  type: number;
  data: unknown[];
  nsp?: string;
}

/**
 * The in-memory adapter with connection state recovery (Socket.IO's SessionAwareAdapter), plus one
 * delivery of our own: a broadcast flagged `snapshot` (a viewer count, a presence status: the latest
 * value wins and every client asks again on connect) is not stored for recovery, and is written SLICE
 * sockets at a time with the event loop free in between.
 *
 * Why: with recovery on, every other broadcast, a per-socket emit included, is kept for two minutes;
 * that store held ~300,000 stale counts at 2,500 viewers, a large part of the server's garbage
 * collection in the mix. And a room of 1,250 watchers written in one task took 40 ms, so four videos
 * whose throttles fired together blocked chat messages and acks for over 150 ms. Each slice is
 * encoded once (and its WebSocket frame built once) by the base adapter's broadcast.
 *
 * The flag travels with the broadcast options, so a cluster adapter (F11) that publishes them to the
 * other nodes delivers snapshots through the same path on each of them.
 */
export class AppAdapter extends SessionAwareAdapter {
  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    if (!isSnapshot(opts)) {
      super.broadcast(packet, opts);
      return;
    }
    deliverInSlices(this, packet, opts);
  }
}

/** Writes `packet` to the sockets `opts` selects on this node, SLICE at a time, never storing it. */
export function deliverInSlices(adapter: Adapter, packet: Packet, opts: BroadcastOptions): void {
  const ids = socketsOf(adapter, opts);
  let next = 0;
  const sendSlice = (): void => {
    const slice = new Set(ids.slice(next, next + SLICE));
    next += SLICE;
    // The base adapter's broadcast: encodes once for the slice, stores nothing (a fresh packet each time:
    // broadcast writes the namespace onto it).
    Adapter.prototype.broadcast.call(adapter, { type: packet.type, data: packet.data }, { rooms: slice, except: new Set<string>(), flags: {} });
    if (next < ids.length) setImmediate(sendSlice);
  };
  if (ids.length > 0) sendSlice();
}

/** The distinct local sockets of `opts.rooms` (all, when none) less those in `opts.except`. */
function socketsOf(adapter: Adapter, opts: BroadcastOptions): string[] {
  const except = new Set<string>();
  for (const room of opts.except ?? []) for (const id of adapter.rooms.get(room) ?? []) except.add(id);
  const sockets = (adapter.nsp as { sockets: Map<string, unknown> }).sockets;
  const ids = new Set<string>();
  const rooms = opts.rooms.size > 0 ? [...opts.rooms] : null;
  const candidates = rooms ? rooms.flatMap((room) => [...(adapter.rooms.get(room) ?? [])]) : [...sockets.keys()];
  for (const id of candidates) if (!except.has(id) && sockets.has(id)) ids.add(id);
  return [...ids];
}
