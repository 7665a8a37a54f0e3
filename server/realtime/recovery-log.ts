import { randomBytes } from "node:crypto";

/**
 * The packets a reconnecting client may have missed (Socket.IO connection state recovery, F9), kept
 * off the JavaScript heap.
 *
 * Socket.IO's in-memory store keeps every packet object for the whole recovery window (two minutes):
 * at 5,000 users of the mix that is tens of thousands of payload graphs, each promoted to the old
 * generation and then dropped, so the server's full collections grew with the message rate
 * (docs/BENCHMARKS.md, performance round 3). Here each packet is kept as the text the adapter encoded
 * for the wire anyway, copied into large Buffers (their bytes live outside the V8 heap and hold no
 * pointers for the collector to trace), with the rooms it was sent to. A recovery, which is rare,
 * decodes the entries after the client's offset.
 *
 * Memory is bounded twice: by the window (whole chunks are dropped once their newest entry is older),
 * and by `maxBytes` (the oldest chunks go first; a client whose offset is gone resyncs, as after an
 * expired window).
 */

/** One entry: the rooms it was sent to and those excepted, and its encoded packet. */
export interface LoggedPacket {
  rooms: string[];
  except: string[];
  /** The socket.io-parser encoding (`2["event",payload,"offset"]`, with `/nsp,` after the type). */
  encoded: string;
}

/** Whether a kept packet sent to `rooms` (all, when empty) less `except` was meant for a session in `sessionRooms`. */
export function meantFor(sessionRooms: readonly string[], rooms: readonly string[], except: readonly string[]): boolean {
  const included = rooms.length === 0 || sessionRooms.some((room) => rooms.includes(room));
  return included && sessionRooms.every((room) => !except.includes(room));
}

interface Chunk {
  buf: Buffer;
  used: number;
  /** Sequence number of the chunk's first entry. */
  first: number;
  /** Byte offset of each entry in `buf`. */
  starts: Uint32Array;
  count: number;
  /** When its newest entry was appended. */
  lastAt: number;
}

const CHUNK_BYTES = 1 << 20;
const HEADER = 8; // two u32 lengths: the rooms' JSON, the encoded packet

export class RecoveryLog {
  private readonly chunks: Chunk[] = [];
  private next = 0;
  private bytes = 0;
  /** Offsets name this log: one from another process (or a restart) is never mistaken for ours. */
  private readonly prefix = `${randomBytes(3).toString("base64url")}~`;

  constructor(private readonly maxBytes = 64 * CHUNK_BYTES) {}

  /** The offset the next appended packet will have (it travels inside the packet, so it is known before). */
  nextOffset(): string {
    return this.prefix + this.next.toString(36);
  }

  append(rooms: Iterable<string>, except: Iterable<string>, encoded: string, now = Date.now()): void {
    const meta = JSON.stringify([[...rooms], [...except]]);
    const size = HEADER + Buffer.byteLength(meta) + Buffer.byteLength(encoded);
    let chunk = this.chunks.at(-1);
    if (!chunk || chunk.used + size > chunk.buf.length) chunk = this.newChunk(size);
    if (chunk.count === chunk.starts.length) {
      const grown = new Uint32Array(chunk.starts.length * 2);
      grown.set(chunk.starts);
      chunk.starts = grown;
    }
    chunk.starts[chunk.count] = chunk.used;
    const metaLen = chunk.buf.write(meta, chunk.used + HEADER);
    const encLen = chunk.buf.write(encoded, chunk.used + HEADER + metaLen);
    chunk.buf.writeUInt32LE(metaLen, chunk.used);
    chunk.buf.writeUInt32LE(encLen, chunk.used + 4);
    chunk.used += HEADER + metaLen + encLen;
    chunk.count += 1;
    chunk.lastAt = now;
    this.next += 1;
  }

  /** The entries after `offset`, or null when it is not an offset this log still holds. */
  after(offset: string): LoggedPacket[] | null {
    if (!offset.startsWith(this.prefix)) return null;
    const seq = Number.parseInt(offset.slice(this.prefix.length), 36);
    const oldest = this.chunks[0]?.first ?? this.next;
    if (!Number.isSafeInteger(seq) || seq < oldest || seq >= this.next) return null;
    const out: LoggedPacket[] = [];
    for (const chunk of this.chunks) {
      for (let i = Math.max(0, seq + 1 - chunk.first); i < chunk.count; i++) out.push(read(chunk, i));
    }
    return out;
  }

  /** Drops the chunks whose newest entry is older than `before` (ms since the epoch). */
  expire(before: number): void {
    while ((this.chunks[0]?.lastAt ?? Infinity) < before) this.dropOldest();
  }

  /** Entries held. */
  count(): number {
    return this.next - (this.chunks[0]?.first ?? this.next);
  }

  /** Bytes held (for tests and metrics). */
  size(): number {
    return this.bytes;
  }

  private newChunk(atLeast: number): Chunk {
    const length = Math.max(CHUNK_BYTES, atLeast);
    while (this.chunks.length > 0 && this.bytes + length > this.maxBytes) this.dropOldest();
    // allocUnsafeSlow: a Buffer of its own, never a slice of the shared pool.
    const chunk: Chunk = { buf: Buffer.allocUnsafeSlow(length), used: 0, first: this.next, starts: new Uint32Array(1024), count: 0, lastAt: 0 };
    this.chunks.push(chunk);
    this.bytes += length;
    return chunk;
  }

  private dropOldest(): void {
    const gone = this.chunks.shift();
    if (gone) this.bytes -= gone.buf.length;
  }
}

function read(chunk: Chunk, i: number): LoggedPacket {
  const at = chunk.starts[i] ?? 0;
  const metaLen = chunk.buf.readUInt32LE(at);
  const encLen = chunk.buf.readUInt32LE(at + 4);
  const [rooms, except] = JSON.parse(chunk.buf.toString("utf8", at + HEADER, at + HEADER + metaLen)) as [string[], string[]];
  const encoded = chunk.buf.toString("utf8", at + HEADER + metaLen, at + HEADER + metaLen + encLen);
  return { rooms, except, encoded };
}
