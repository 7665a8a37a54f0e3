import { encode } from "@msgpack/msgpack";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { MessageType, type Adapter, type BroadcastOptions, type Session } from "socket.io-adapter";
import type { Redis } from "../cluster/script";
import { deliverInSlices, isSnapshot } from "./app-adapter";
import { withLocalFirst, type OffsetAdapter } from "./local-first";

/** The adapter's defaults, spelled out because the snapshot channel and the session keys are derived from them. */
const STREAM_NAME = "socket.io";
const CHANNEL_PREFIX = "socket.io";
const SESSION_KEY_PREFIX = "sio:session:";

/** Entries kept per stream: what a reconnecting client can catch up on (docs/DEPLOY.md "Where Redis is the limit"). */
export const STREAM_MAX_LEN = 10_000;

interface Packet {
  type: number;
  data: unknown[];
  nsp?: string;
}

interface WireOptions {
  rooms: string[];
  except: string[];
  flags?: BroadcastOptions["flags"];
}

interface ClusterMessage {
  uid: string;
  nsp: string;
  type: MessageType;
  data?: { packet?: Packet; opts?: WireOptions; requestId?: string };
}

/** The parts of the streams adapter (a socket.io-adapter ClusterAdapter) this module wraps. */
interface StreamsAdapter {
  uid: string;
  nsp: { name: string; sockets: Map<string, unknown>; server: { opts: { connectionStateRecovery?: { maxDisconnectionDuration?: number } } } };
  broadcast(packet: Packet, opts: BroadcastOptions): void | Promise<void>;
  onMessage(message: ClusterMessage, offset?: string): void;
  persistSession(session: Session): void;
}

const toWire = (opts: BroadcastOptions): WireOptions => ({ rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags });
const fromWire = (opts: WireOptions): BroadcastOptions => ({ rooms: new Set(opts.rooms), except: new Set(opts.except), flags: opts.flags });

/**
 * With REDIS_URL: Socket.IO's Redis Streams adapter (every broadcast goes through a Redis stream per
 * namespace, which is also what connection state recovery reads back, so a client that reconnects to
 * another node recovers), written to this node's own sockets before the append is answered, with
 * offsets that keep recovery exact (local-first.ts), plus our snapshot delivery (app-adapter.ts) on
 * every node:
 *
 * - a snapshot is published on the adapter's Redis pub/sub channel, not appended to the stream: it is
 *   never replayed to a recovering client (it asks again on connect), and a busy video's counts do
 *   not push chat messages out of the stream's `maxLen` window;
 * - on the sending node and on each receiving node it is written by `deliverInSlices`. The receiving
 *   path matters: the cluster adapter hands a remote broadcast straight to socket.io-adapter's base
 *   `Adapter.prototype.broadcast`, past any subclass override, so the snapshot is taken at
 *   `onMessage`, the one place every remote message enters.
 *
 * Local delivery stays the base adapter's (`apply` over the namespace's local sockets and rooms), so
 * whatever registers itself there (the native gateway) is reached on every node as before.
 */
export function clusterAdapter(redis: Redis): (nsp: unknown) => Adapter {
  const make = createAdapter(redis, { streamName: STREAM_NAME, channelPrefix: CHANNEL_PREFIX, sessionKeyPrefix: SESSION_KEY_PREFIX, maxLen: STREAM_MAX_LEN });
  // Socket.IO calls `new adapter(nsp)`: a function (not an arrow) returning an object serves as that constructor.
  return function appClusterAdapter(nsp: unknown): Adapter {
    const adapter = make(nsp) as unknown as StreamsAdapter;
    withLocalFirst(adapter as unknown as OffsetAdapter, redis, { streamName: STREAM_NAME, sessionKeyPrefix: SESSION_KEY_PREFIX, maxLen: STREAM_MAX_LEN });
    withSnapshots(adapter, redis);
    withSessionTtl(adapter, redis);
    return adapter as unknown as Adapter;
  };
}

function withSnapshots(adapter: StreamsAdapter, redis: Redis): void {
  const channel = `${CHANNEL_PREFIX}#${adapter.nsp.name}#`;
  const broadcast = adapter.broadcast.bind(adapter);
  const base = adapter as unknown as Adapter;
  adapter.broadcast = (packet: Packet, opts: BroadcastOptions) => {
    if (!isSnapshot(opts)) {
      void broadcast(packet, opts);
      return;
    }
    if (!opts.flags?.local && !onlyLocalSockets(adapter, opts)) {
      const message: ClusterMessage = { uid: adapter.uid, nsp: adapter.nsp.name, type: MessageType.BROADCAST, data: { packet: { type: packet.type, data: packet.data }, opts: toWire(opts) } };
      redis.publish(channel, Buffer.from(encode(message))).catch((e: unknown) => {
        console.error("[realtime] snapshot not published to the other nodes:", e instanceof Error ? e.message : String(e));
      });
    }
    deliverInSlices(base, packet, opts);
  };
  const onMessage = adapter.onMessage.bind(adapter);
  adapter.onMessage = (message: ClusterMessage, offset?: string) => {
    const { packet, opts, requestId } = message.data ?? {};
    const remoteSnapshot = message.type === MessageType.BROADCAST && message.uid !== adapter.uid && message.nsp === adapter.nsp.name &&
      requestId === undefined && packet !== undefined && opts !== undefined && isSnapshot(fromWire(opts));
    if (remoteSnapshot) deliverInSlices(base, packet, fromWire(opts));
    else onMessage(message, offset);
  };
}

/** A reply to one connection held here (its id is its room) need not cross Redis. */
function onlyLocalSockets(adapter: StreamsAdapter, opts: BroadcastOptions): boolean {
  if (opts.rooms.size === 0) return false;
  for (const room of opts.rooms) if (!adapter.nsp.sockets.has(room)) return false;
  return true;
}

/**
 * The adapter (0.3.1) stores a disconnected session with an expiry of `maxDisconnectionDuration`
 * seconds where that option is in milliseconds (two minutes became 33 hours): store it for exactly
 * the recovery window, in the same encoding it reads back.
 */
function withSessionTtl(adapter: StreamsAdapter, redis: Redis): void {
  const ttlMs = adapter.nsp.server.opts.connectionStateRecovery?.maxDisconnectionDuration ?? 120_000;
  adapter.persistSession = (session: Session) => {
    const value = Buffer.from(encode(session)).toString("base64");
    redis.set(SESSION_KEY_PREFIX + session.pid, value, { PX: ttlMs }).catch((e: unknown) => {
      console.error("[realtime] session not kept for recovery:", e instanceof Error ? e.message : String(e));
    });
  };
}
