import { randomBytes } from "node:crypto";
import type { BroadcastOptions, PrivateSessionId, Session } from "socket.io-adapter";

/**
 * The packets kept for connection state recovery, kept small. Socket.IO's SessionAwareAdapter keeps
 * every stored broadcast for two minutes or more as the live objects it was sent with: the payload's
 * object graph (a chat message: the array, the DTO and its strings), the broadcast options with their
 * two `Set`s, and a record. At a few thousand chat messages a second that is a few hundred thousand
 * small objects that survive two scavenges each and then fill the old generation, which is what the
 * server's garbage collector spends its pauses on (docs/BENCHMARKS.md, performance round 3). Here a
 * packet is kept as its JSON text (one flat string: nothing for the collector to trace) with its rooms
 * as an array, and parsed again only for a client that recovers. Same semantics as Socket.IO's: event
 * packets without an ack, not volatile, replayed in order after the client's last offset to a
 * recovering session whose rooms match.
 */

interface Kept {
  id: string;
  at: number;
  rooms: readonly string[];
  except: readonly string[];
  /** `JSON.stringify` of the packet's data, or the data itself when it holds binary (JSON cannot carry it). */
  json: string | null;
  data: unknown[] | null;
}

const NONE: readonly string[] = [];

/** A top-level binary argument: such a packet is kept as is (our contract sends none). */
const hasBinary = (data: unknown[]): boolean => data.some((d) => Buffer.isBuffer(d) || d instanceof ArrayBuffer || ArrayBuffer.isView(d));

/** Whether SessionAwareAdapter would store this broadcast. */
export function isRecoverable(packet: { type: number; id?: number }, opts: BroadcastOptions): boolean {
  return packet.type === 2 && packet.id === undefined && opts.flags?.volatile === undefined;
}

export class RecoveryBuffer {
  private kept: Kept[] = [];
  private head = 0;
  /** Offsets are unique per process: a client's offset from an earlier process never matches. */
  private readonly prefix = randomBytes(4).toString("hex");
  private seq = 0;

  constructor(private readonly maxAgeMs: number) {}

  /** Keeps `data` (the event's arguments) and appends its offset to it, as Socket.IO does. */
  keep(data: unknown[], opts: BroadcastOptions, now = Date.now()): void {
    const id = `${this.prefix}${(this.seq++).toString(36)}`;
    data.push(id);
    const binary = hasBinary(data);
    this.kept.push({
      id, at: now,
      rooms: opts.rooms.size > 0 ? [...opts.rooms] : NONE,
      except: opts.except && opts.except.size > 0 ? [...opts.except] : NONE,
      json: binary ? null : JSON.stringify(data),
      data: binary ? data : null,
    });
    this.expire(now);
  }

  /** The packets after `offset` that a session in `rooms` should get, or null when the offset is gone. */
  missedSince(offset: string, rooms: readonly string[], now = Date.now()): unknown[][] | null {
    this.expire(now);
    let i = this.kept.length - 1;
    while (i >= this.head && this.kept[i]?.id !== offset) i--;
    if (i < this.head) return null;
    const missed: unknown[][] = [];
    for (let k = i + 1; k < this.kept.length; k++) {
      const p = this.kept[k];
      if (!p) continue;
      const included = p.rooms.length === 0 || rooms.some((r) => p.rooms.includes(r));
      if (included && !rooms.some((r) => p.except.includes(r))) missed.push(p.json === null ? (p.data ?? []) : (JSON.parse(p.json) as unknown[]));
    }
    return missed;
  }

  get size(): number {
    return this.kept.length - this.head;
  }

  /** Drops what is older than the recovery window, compacting the array now and then. */
  private expire(now: number): void {
    const threshold = now - this.maxAgeMs;
    while (this.head < this.kept.length && (this.kept[this.head]?.at ?? now) < threshold) this.head++;
    if (this.head > 1024 && this.head * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.head);
      this.head = 0;
    }
  }
}

/** What Socket.IO hands `persistSession` (socket.io-adapter does not export the type). */
export type SessionToPersist = Omit<Session, "missedPackets">;

/**
 * SessionAwareAdapter's sessions and packets, the packets kept by a RecoveryBuffer: `persist` on a
 * recoverable disconnect, `restore` on a reconnect that names its session and last offset.
 */
export class RecoveryStore {
  readonly packets: RecoveryBuffer;
  private readonly sessions = new Map<PrivateSessionId, { session: SessionToPersist; disconnectedAt: number }>();
  private sweptAt = Date.now();

  constructor(private readonly maxAgeMs: number) {
    this.packets = new RecoveryBuffer(maxAgeMs);
  }

  persist(session: SessionToPersist, now = Date.now()): void {
    this.sessions.set(session.pid, { session, disconnectedAt: now });
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [pid, s] of this.sessions) if (s.disconnectedAt + this.maxAgeMs < now) this.sessions.delete(pid);
  }

  /** The session with the packets it missed, or null (unknown or expired session, offset no longer kept). */
  restore(pid: PrivateSessionId, offset: string, now = Date.now()): Session | null {
    const entry = this.sessions.get(pid);
    if (!entry) return null;
    if (entry.disconnectedAt + this.maxAgeMs < now) {
      this.sessions.delete(pid);
      return null;
    }
    const missedPackets = this.packets.missedSince(offset, entry.session.rooms, now);
    return missedPackets ? { ...entry.session, missedPackets } : null;
  }
}
