import net from "node:net";
import { BSON, type Document } from "bson";

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;
export const MAX_MESSAGE_BYTES = 48_000_000;

export function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** A frame whose length field matches its size. */
export function frame(opCode: number, body: Buffer, requestId = 1, responseTo = 0): Buffer {
  return Buffer.concat([header(16 + body.length, requestId, responseTo, opCode), body]);
}

const bson = (doc: Document) => Buffer.from(BSON.serialize(doc));
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0, 0); return b; };
const i32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32LE(n, 0); return b; };
const cstring = (s: string) => Buffer.from(`${s}\0`, "utf8");

/** OP_MSG: flags, a kind-0 body section, then optional kind-1 document sequences. */
export function opMsg(doc: Document, requestId = 1, sequences: Record<string, Document[]> = {}, flags = 0): Buffer {
  const parts = [u32(flags), Buffer.from([0]), bson(doc)];
  for (const [id, docs] of Object.entries(sequences)) {
    const payload = Buffer.concat([cstring(id), ...docs.map(bson)]);
    parts.push(Buffer.from([1]), i32(4 + payload.length), payload);
  }
  return frame(OP_MSG, Buffer.concat(parts), requestId);
}

export function opQuery(ns: string, doc: Document, requestId = 1): Buffer {
  return frame(OP_QUERY, Buffer.concat([i32(0), cstring(ns), i32(0), i32(-1), bson(doc)]), requestId);
}

export interface Reply { opCode: number; requestId: number; responseTo: number; doc: Document }

/** Decode one reply frame (OP_MSG kind 0 or OP_REPLY with one document). */
export function parseReply(buf: Buffer): Reply {
  const opCode = buf.readInt32LE(12);
  const base = { opCode, requestId: buf.readInt32LE(4), responseTo: buf.readInt32LE(8) };
  if (opCode === OP_MSG) {
    if (buf.readUInt8(20) !== 0) throw new Error("reply does not start with a kind-0 section");
    return { ...base, doc: BSON.deserialize(buf.subarray(21)) };
  }
  if (opCode === OP_REPLY) return { ...base, doc: BSON.deserialize(buf.subarray(36)) };
  throw new Error(`unexpected reply opCode ${opCode}`);
}

export interface Outcome { closed: boolean; data: Buffer; ms: number }

/**
 * Open a raw connection, write `chunks` (with `gapMs` between them), then wait until the
 * server closes it, or `frames` complete reply frames have arrived, or `timeoutMs` passes.
 * The socket is always destroyed before resolving.
 */
export function exchange(port: number, chunks: Buffer[], opts: { frames?: number; timeoutMs: number; gapMs?: number }): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ closed, data: Buffer.concat(received), ms: Date.now() - started });
    };
    const timer = setTimeout(() => { finish(false); }, opts.timeoutMs);
    socket.on("data", (d) => {
      received.push(d);
      if (opts.frames !== undefined && countFrames(Buffer.concat(received)) >= opts.frames) finish(false);
    });
    socket.on("close", () => { finish(true); });
    socket.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNREFUSED") { done = true; clearTimeout(timer); reject(err); return; }
      finish(true); // ECONNRESET / EPIPE: the server dropped us
    });
    socket.once("connect", () => {
      void (async () => {
        for (const c of chunks) {
          if (done) return;
          socket.write(c);
          if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
        }
      })();
    });
  });
}

export function countFrames(buf: Buffer): number {
  let n = 0;
  let off = 0;
  while (buf.length - off >= 4) {
    const len = buf.readInt32LE(off);
    if (len < 16 || buf.length - off < len) break;
    off += len;
    n++;
  }
  return n;
}

export function splitFrames(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let off = 0;
  while (buf.length - off >= 4) {
    const len = buf.readInt32LE(off);
    if (len < 16 || buf.length - off < len) break;
    out.push(buf.subarray(off, off + len));
    off += len;
  }
  return out;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), the OP_MSG checksum. */
export function crc32c(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** An OP_MSG with checksumPresent set and a trailing CRC-32C (optionally corrupted). */
export function opMsgWithChecksum(doc: Document, requestId: number, corrupt = false): Buffer {
  const body = Buffer.concat([u32(1), Buffer.from([0]), bson(doc)]);
  const withoutSum = Buffer.concat([header(16 + body.length + 4, requestId, 0, OP_MSG), body]);
  return Buffer.concat([withoutSum, u32(crc32c(withoutSum) ^ (corrupt ? 1 : 0))]);
}
