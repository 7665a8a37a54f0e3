import { decode } from "@msgpack/msgpack";
import { MessageType, type BroadcastOptions, type Session } from "socket.io-adapter";
import type { Redis } from "../cluster/script";
import { meantFor } from "./recovery-log";

/**
 * Local-first delivery for the Redis Streams adapter, with recovery offsets that stay exact.
 *
 * The stock adapter awaits the XADD reply before writing a broadcast to this node's own sockets,
 * because the packet carries its stream id (what a reconnecting client resumes from). That puts a
 * Redis round trip, and a turn of a busy event loop, in front of every local delivery: on one small
 * machine it was most of the mix benchmark's delivery tail (docs/BENCHMARKS.md "Scale-out"). Here the
 * entry is appended without waiting and the local sockets are written at once.
 *
 * Such a packet cannot carry its own stream id, so every packet this node writes carries an offset
 * that says exactly what the client has, in terms the stream can answer:
 *
 *     <cursor>_<node>_<seq>
 *
 * - `cursor`: the id of the last stream entry (of this namespace) this node has read and delivered.
 *   Every entry up to it reached this node's sockets, since entries are read in stream order.
 * - `node`, `seq`: this adapter's id and how many broadcasts it had published when the packet was
 *   written. Each entry it appends carries its `seq`; the ones up to `seq` were written to its sockets
 *   before their append (whatever position the append got in the stream).
 *
 * Recovering from it (on any node): the entries after `cursor`, except those of `node` numbered up to
 * `seq`. Nothing is replayed twice and nothing is skipped, wherever the appends landed. A remote entry
 * delivered here gets `<its id>_<node>_<seq>` (the cursor is its id by then); a replayed entry keeps
 * the `node`/`seq` of the offset it was recovered from. Plain stream ids (the stock format) are still
 * accepted. Until this node has read its first entry (a few milliseconds after start: its own
 * heartbeat), it falls back to waiting for the append, as the stock adapter does.
 *
 * A recovery reads to the stream's end but replays another node's entries only up to this node's
 * cursor: the socket is back in its rooms (synchronously, after the last read) before this node's
 * reader gets further, and the reader delivers the rest; this node's own entries are never read
 * back to its sockets, so they are replayed wherever they are. And a socket that comes back here
 * from another node is not written that node's entries it already had when the reader reaches them.
 * (The stock adapter replays to the end and lets the reader deliver those entries again.)
 */

/** The streams adapter's parts used here (socket.io-adapter ClusterAdapter + @socket.io/redis-streams-adapter 0.3). */
export interface OffsetAdapter {
  uid: string;
  nsp: { name: string; server: { opts: { connectionStateRecovery?: { maxDisconnectionDuration?: number } } } };
  broadcast(packet: Packet, opts: BroadcastOptions): void | Promise<void>;
  onMessage(message: { type: MessageType; data?: unknown }, offset?: string): void;
  addOffsetIfNecessary(packet: Packet, opts: BroadcastOptions, offset: string): void;
  publishAndReturnOffset(message: { type: MessageType; data: unknown }): Promise<string>;
  restoreSession(pid: string, offset: string): Promise<Session>;
}

interface Packet {
  type: number;
  id?: number;
  data: unknown[];
}

interface RawEntry {
  uid?: string;
  nsp?: string;
  type?: string;
  data?: string;
}

const OFFSET = /^(\d+-\d+)(?:_([0-9A-Za-z]+)_(\d+))?$/;
/** Entries read per XRANGE while recovering; bounded in total by the stream's `maxLen`. */
const PAGE = 1000;

export interface LocalFirstOptions {
  streamName: string;
  sessionKeyPrefix: string;
  maxLen: number;
}

export function withLocalFirst(adapter: OffsetAdapter, redis: Redis, options: LocalFirstOptions): void {
  let cursor: string | null = null;
  const windowMs = adapter.nsp.server.opts.connectionStateRecovery?.maxDisconnectionDuration ?? 120_000;
  /** Broadcasts this adapter has published, and how many of them its sockets have been written (in order). */
  let published = 0;
  let written = 0;
  /** Broadcasts still waiting for their append (before the first entry was read): later ones queue behind. */
  let waiting: Promise<void> | null = null;
  const compose = (base: string, upTo: number): string => `${base}_${adapter.uid}_${String(upTo)}`;

  const addOffset = adapter.addOffsetIfNecessary.bind(adapter);
  // ClusterAdapter calls this for each remote entry it delivers here, with the entry's id.
  adapter.addOffsetIfNecessary = (packet, opts, offset) => { addOffset(packet, opts, compose(offset, written)); };

  /**
   * Sockets recovered here from another node's offset: the entries that node wrote to them before they
   * left (its `seq` up to the offset's) must not reach them again when this node's reader gets to them.
   * Dropped once that node is seen past that count, or after the recovery window.
   */
  const deliveredBy = new Map<string, { node: string; upTo: number; until: number }>();

  const onMessage = adapter.onMessage.bind(adapter);
  adapter.onMessage = (message, offset) => {
    if (offset !== undefined) {
      // Before delivery: a remote entry's packet is written with the cursor at its own id.
      cursor = offset;
      if (deliveredBy.size > 0) skipDelivered(message as { uid?: string; type: MessageType; data?: { opts?: { except?: string[] }; seq?: number } });
    }
    onMessage(message, offset);
  };
  const skipDelivered = (message: { uid?: string; type: MessageType; data?: { opts?: { except?: string[] }; seq?: number } }): void => {
    const now = Date.now();
    for (const [sid, had] of deliveredBy) {
      if (had.until < now) deliveredBy.delete(sid);
      else if (message.uid === had.node && message.type === MessageType.BROADCAST) {
        const seq = message.data?.seq;
        if (seq !== undefined && seq <= had.upTo && message.data?.opts) (message.data.opts.except ??= []).push(sid);
        else if (seq !== undefined) deliveredBy.delete(sid);
      }
    }
  };

  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, opts) => {
    if (opts.flags?.local) return broadcast(packet, opts);
    const seq = ++published;
    const appended = adapter.publishAndReturnOffset({
      type: MessageType.BROADCAST,
      data: { packet, opts: { rooms: [...opts.rooms], except: [...opts.except ?? []], flags: opts.flags }, seq },
    });
    const local = { ...opts, flags: { ...opts.flags, local: true } };
    if (cursor !== null && waiting === null) {
      // The stock adapter drops a failed append too: the other nodes miss it, the local sockets have it.
      appended.catch(() => undefined);
      written = seq;
      addOffset(packet, opts, compose(cursor, seq));
      return broadcast(packet, local);
    }
    const done = Promise.all([appended.catch(() => null), waiting]).then(([id]) => {
      written = seq;
      if (id) addOffset(packet, opts, compose(id, seq));
      return broadcast(packet, local);
    });
    waiting = done;
    void done.finally(() => { if (waiting === done) waiting = null; });
    return done;
  };

  // The adapter's own decoding of a stream entry (JSON, or base64 msgpack when it held binary).
  const decodeEntry = (adapter.constructor as unknown as { decode: (raw: RawEntry) => { data?: unknown } }).decode;

  adapter.restoreSession = async (pid, offset) => {
    const parsed = OFFSET.exec(offset);
    if (!parsed?.[1]) throw new Error("invalid offset");
    const [, base, node, upTo] = parsed as unknown as [string, string, string | undefined, string | undefined];
    const skipUpTo = node === undefined ? 0 : Number(upTo);
    const [rawSession, atBase] = await Promise.all([
      redis.getDel(options.sessionKeyPrefix + pid),
      redis.xRange(options.streamName, base, base),
    ]);
    if (!rawSession || !atBase?.length) throw new Error("session or offset not found");
    const session = decode(Buffer.from(rawSession, "base64")) as Session;
    session.missedPackets = [];
    // Every entry after `base`, decided once the last read is answered: between that answer and the
    // socket's return to its rooms (synchronous, in Socket.IO's constructor) this node reads nothing.
    const found: { id: string; uid: string | undefined; packet: Packet; seq: number | undefined }[] = [];
    let from = base;
    for (let page = 0; page <= Math.ceil(options.maxLen / PAGE) + 1; page++) {
      const entries = (await redis.xRange(options.streamName, `(${from}`, "+", { COUNT: PAGE })) ?? [];
      for (const { id, message } of entries) {
        from = id;
        const raw = message as RawEntry;
        if (raw.nsp !== adapter.nsp.name || raw.type !== String(MessageType.BROADCAST) || raw.data === undefined) continue;
        const data = decodeEntry(raw).data as { packet?: Packet; opts?: { rooms: string[]; except: string[]; flags?: { volatile?: boolean } }; seq?: number };
        // A volatile event (someone is typing) is not worth replaying: the stock adapter replays it.
        if (!data.packet || !data.opts || data.opts.flags?.volatile || !meantFor(session.rooms, data.opts.rooms, data.opts.except)) continue;
        found.push({ id, uid: raw.uid, packet: data.packet, seq: data.seq });
      }
      if (entries.length < PAGE) break;
    }
    for (const entry of found) {
      // The client has it: the node it was on wrote it before its offset.
      if (node !== undefined && entry.uid === node && (entry.seq ?? Infinity) <= skipUpTo) continue;
      // Another node's entry this node's reader has not reached: the reader delivers it once the socket is back.
      const own = entry.uid === adapter.uid;
      if (!own && cursor !== null && compareIds(entry.id, cursor) > 0) continue;
      entry.packet.data.push(node === undefined ? entry.id : `${entry.id}_${node}_${String(skipUpTo)}`);
      session.missedPackets.push(entry.packet.data);
    }
    if (node !== undefined && node !== adapter.uid) deliveredBy.set(session.sid, { node, upTo: skipUpTo, until: Date.now() + windowMs });
    return session;
  };
}

/** Orders two stream ids (`<ms>-<seq>`). */
function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split("-").map(Number);
  const [bm = 0, bs = 0] = b.split("-").map(Number);
  return am - bm || as - bs;
}
