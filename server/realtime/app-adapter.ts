import { Adapter, type BroadcastFlags, type BroadcastOptions, type PrivateSessionId, type Session } from "socket.io-adapter";
import { isRecoverable, RecoveryStore, type SessionToPersist } from "./recovery-buffer";

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
  id?: number;
}

/**
 * The in-memory adapter with connection state recovery (as Socket.IO's SessionAwareAdapter, with the
 * kept packets in a compact form: recovery-buffer.ts), plus one delivery of our own: a broadcast
 * flagged `snapshot` (a viewer count, a presence status: the latest value wins and every client asks
 * again on connect) is not stored for recovery, and is written SLICE sockets at a time with the event
 * loop free in between.
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
export class AppAdapter extends Adapter {
  private readonly recovery: RecoveryStore;

  constructor(nsp: { server: { opts: { connectionStateRecovery?: { maxDisconnectionDuration?: number } } } }) {
    super(nsp);
    this.recovery = new RecoveryStore(nsp.server.opts.connectionStateRecovery?.maxDisconnectionDuration ?? 2 * 60 * 1000);
  }

  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    if (isSnapshot(opts)) {
      deliverInSlices(this, packet, opts);
      return;
    }
    if (isRecoverable(packet, opts)) this.recovery.packets.keep(packet.data, opts);
    super.broadcast(packet, opts);
  }

  /** How many packets are kept for recovery now (tests). */
  get keptPackets(): number {
    return this.recovery.packets.size;
  }

  override persistSession(session: SessionToPersist): void {
    this.recovery.persist(session);
  }

  /** Socket.IO awaits this and takes null as "not recovered" (as SessionAwareAdapter answers). */
  override restoreSession(pid: PrivateSessionId, offset: string): Promise<Session> {
    return Promise.resolve(this.recovery.restore(pid, offset)) as Promise<Session>;
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
