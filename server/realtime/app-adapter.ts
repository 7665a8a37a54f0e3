import { Adapter, type BroadcastFlags, type BroadcastOptions, type Session } from "socket.io-adapter";
import { meantFor, RecoveryLog } from "./recovery-log";

/** Sockets written per slice of a snapshot: a few milliseconds of work (docs/BENCHMARKS.md, realistic mix). */
const SLICE = 200;

/** The broadcast flag the Broadcaster sets on snapshot events (services/events.ts `Delivery`). */
export const SNAPSHOT_FLAGS = { snapshot: true } as BroadcastFlags;

export const isSnapshot = (opts: BroadcastOptions): boolean => (opts.flags as { snapshot?: boolean } | undefined)?.snapshot === true;

/** A socket.io-parser packet, as adapters receive it (typed `any` by socket.io-adapter). */
interface Packet {
  type: number;
  id?: number;
  data: unknown[];
  nsp?: string;
}

/** socket.io-parser's EVENT packet type: the only kind kept for recovery (not acks, not binary). */
const EVENT = 2;
/** How often expired sessions and packets are dropped. */
const SWEEP_MS = 10_000;

interface Encoding {
  _encode: (this: unknown, packet: Packet, packetOpts: Record<string, unknown>) => unknown[];
}

type PersistedSession = Omit<Session, "missedPackets"> & { disconnectedAt: number };

/**
 * The in-memory adapter with connection state recovery, plus one delivery of our own.
 *
 * Recovery (F9): like Socket.IO's SessionAwareAdapter (a disconnected socket's session is kept for the
 * recovery window; every other packet gets an offset and is kept so a returning client gets what it
 * missed), but the packets are kept off the JavaScript heap, as the text the adapter encodes for the
 * wire anyway, in a bounded `RecoveryLog` (recovery-log.ts): the stock store kept every payload object
 * for two minutes, which made the server's full collections grow with the message rate.
 *
 * Snapshots: a broadcast flagged `snapshot` (a viewer count, a presence status: the latest value wins
 * and every client asks again on connect) is not kept for recovery, and is written SLICE sockets at a
 * time with the event loop free in between. Why: kept, they were ~300,000 stale counts at 2,500
 * viewers; and a room of 1,250 watchers written in one task took 40 ms, so four videos whose throttles
 * fired together blocked chat messages and acks for over 150 ms. Each slice is encoded once (and its
 * WebSocket frame built once) by the base adapter's broadcast.
 *
 * The flag travels with the broadcast options, so a cluster adapter (F11) that publishes them to the
 * other nodes delivers snapshots through the same path on each of them.
 */
export class AppAdapter extends Adapter {
  private readonly sessions = new Map<string, PersistedSession>();
  private readonly log = new RecoveryLog();
  private readonly windowMs: number;
  /** The broadcast being kept: set around the base broadcast, which encodes it (`_encode`) exactly once. */
  private keeping: BroadcastOptions | null = null;
  private readonly sweeper: NodeJS.Timeout;

  constructor(nsp: ConstructorParameters<typeof Adapter>[0]) {
    super(nsp);
    const recovery = (nsp as { server: { opts: { connectionStateRecovery?: { maxDisconnectionDuration?: number } } } }).server.opts.connectionStateRecovery;
    this.windowMs = recovery?.maxDisconnectionDuration ?? 0;
    this.sweeper = setInterval(() => { this.sweep(); }, SWEEP_MS);
    this.sweeper.unref();
    // The base adapter's encoding (private in its typings), kept as the recovery log's entry when a
    // broadcast is being kept: one encoding serves the wire and the log.
    const self = this as unknown as Encoding;
    const encode = (Adapter.prototype as unknown as Encoding)._encode;
    self._encode = (packet, packetOpts) => {
      const encoded = encode.call(this, packet, packetOpts);
      const opts = this.keeping;
      if (opts) {
        this.keeping = null;
        const [text] = encoded;
        // One text part is every packet we send (binary payloads would come in parts: not kept).
        if (encoded.length === 1 && typeof text === "string") this.log.append(opts.rooms, opts.except ?? [], text);
      }
      return encoded;
    };
  }

  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    if (isSnapshot(opts)) {
      deliverInSlices(this, packet, opts);
      return;
    }
    const kept = this.windowMs > 0 && packet.type === EVENT && packet.id === undefined && opts.flags?.volatile === undefined;
    if (!kept) {
      super.broadcast(packet, opts);
      return;
    }
    // The offset travels as the packet's last argument: the client resumes from the last one it got.
    packet.data.push(this.log.nextOffset());
    this.keeping = opts;
    try {
      super.broadcast(packet, opts);
    } finally {
      this.keeping = null;
    }
  }

  override persistSession(session: Omit<Session, "missedPackets">): void {
    this.sessions.set(session.pid, { ...session, disconnectedAt: Date.now() });
  }

  override restoreSession(pid: string, offset: string): Promise<Session> {
    const session = this.sessions.get(pid);
    this.sessions.delete(pid);
    if (!session || session.disconnectedAt + this.windowMs < Date.now()) return Promise.reject(new Error("session expired"));
    const entries = this.log.after(offset);
    if (!entries) return Promise.reject(new Error("offset no longer kept"));
    const missedPackets: unknown[][] = [];
    for (const entry of entries) {
      if (meantFor(session.rooms, entry.rooms, entry.except)) missedPackets.push(eventData(entry.encoded));
    }
    const { disconnectedAt: _gone, ...rest } = session;
    return Promise.resolve({ ...rest, missedPackets });
  }

  /** Packets kept for recovery right now. */
  keptPackets(): number {
    return this.log.count();
  }

  override close(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const before = Date.now() - this.windowMs;
    for (const [pid, session] of this.sessions) if (session.disconnectedAt < before) this.sessions.delete(pid);
    this.log.expire(before);
  }
}

/** An EVENT packet's arguments from its socket.io-parser text: `2[...]`, or `2/nsp,[...]`. */
function eventData(encoded: string): unknown[] {
  const body = encoded[1] === "/" ? encoded.slice(encoded.indexOf(",") + 1) : encoded.slice(1);
  return JSON.parse(body) as unknown[];
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
