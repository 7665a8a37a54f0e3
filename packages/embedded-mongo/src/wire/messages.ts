import { type Document } from "bson";
import { decodeDocument, encodeDocument } from "./bson-codec.js";
import { crc32c } from "./crc32c.js";
import { FrameError } from "./frame-reader.js";
import { OP_MSG, OP_QUERY, OP_REPLY } from "./limits.js";

export interface IncomingCommand {
  requestId: number;
  opCode: typeof OP_QUERY | typeof OP_MSG;
  body: Document;
  /** OP_MSG moreToCome flag: the client expects no reply. */
  moreToCome: boolean;
  /** For OP_QUERY: the database from `db.$cmd`. */
  queryDb?: string;
}

const CHECKSUM_PRESENT = 1;
const MORE_TO_COME = 2;
const KNOWN_FLAGS = CHECKSUM_PRESENT | MORE_TO_COME | (1 << 16);

function readBsonAt(frame: Buffer, offset: number, end: number): { doc: Document; next: number } {
  if (offset + 5 > end) throw new FrameError("truncated BSON document");
  const size = frame.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new FrameError(`invalid BSON document size ${size}`);
  let doc: Document;
  try {
    doc = decodeDocument(frame.subarray(offset, offset + size));
  } catch (err) {
    throw new FrameError(`invalid BSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { doc, next: offset + size };
}

function readCString(frame: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = frame.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new FrameError("unterminated cstring");
  return { value: frame.toString("utf8", offset, zero), next: zero + 1 };
}

function parseOpMsg(frame: Buffer, requestId: number): IncomingCommand {
  const flags = frame.readUInt32LE(16);
  if ((flags & ~KNOWN_FLAGS) & 0xffff) throw new FrameError(`unknown required OP_MSG flag bits ${flags}`);
  const end = flags & CHECKSUM_PRESENT ? frame.length - 4 : frame.length;
  if (end < 21) throw new FrameError("OP_MSG too short");
  if (flags & CHECKSUM_PRESENT && crc32c(frame.subarray(0, end)) !== frame.readUInt32LE(end)) {
    throw new FrameError("OP_MSG checksum mismatch");
  }
  let offset = 20;
  let body: Document | undefined;
  const sequences: [string, Document[]][] = [];
  while (offset < end) {
    const kind = frame.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      if (body) throw new FrameError("OP_MSG with more than one body section");
      const read = readBsonAt(frame, offset, end);
      body = read.doc;
      offset = read.next;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new FrameError("truncated document sequence");
      const size = frame.readInt32LE(offset);
      const seqEnd = offset + size;
      if (size < 5 || seqEnd > end) throw new FrameError("invalid document sequence size");
      const id = readCString(frame, offset + 4, seqEnd);
      const docs: Document[] = [];
      let pos = id.next;
      while (pos < seqEnd) {
        const read = readBsonAt(frame, pos, seqEnd);
        docs.push(read.doc);
        pos = read.next;
      }
      sequences.push([id.value, docs]);
      offset = seqEnd;
    } else {
      throw new FrameError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new FrameError("OP_MSG without body section");
  for (const [name, docs] of sequences) {
    const existing: unknown = body[name];
    body[name] = Array.isArray(existing) ? [...(existing as Document[]), ...docs] : docs;
  }
  return { requestId, opCode: OP_MSG, body, moreToCome: (flags & MORE_TO_COME) !== 0 };
}

function parseOpQuery(frame: Buffer, requestId: number): IncomingCommand {
  if (frame.length < 21) throw new FrameError("OP_QUERY too short");
  const ns = readCString(frame, 20, frame.length);
  const queryOffset = ns.next + 8;
  let { doc } = readBsonAt(frame, queryOffset, frame.length);
  if (!ns.value.endsWith(".$cmd")) throw new FrameError(`legacy OP_QUERY on ${ns.value} is not supported`);
  // Commands wrapped by legacy drivers: { $query: {...}, $readPreference }
  const wrapped: unknown = doc.$query ?? doc.query;
  if (wrapped && typeof wrapped === "object" && !Array.isArray(wrapped)) doc = wrapped;
  const queryDb = ns.value.slice(0, -".$cmd".length);
  return { requestId, opCode: OP_QUERY, body: doc, moreToCome: false, queryDb };
}

export function parseFrame(frame: Buffer): IncomingCommand {
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  if (opCode === OP_MSG) return parseOpMsg(frame, requestId);
  if (opCode === OP_QUERY) return parseOpQuery(frame, requestId);
  throw new FrameError(`unsupported opcode ${opCode}`);
}

let nextResponseId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const head = Buffer.allocUnsafe(16);
  head.writeInt32LE(length, 0);
  head.writeInt32LE(nextResponseId++ & 0x7fffffff, 4);
  head.writeInt32LE(responseTo, 8);
  head.writeInt32LE(opCode, 12);
  return head;
}

export function buildReply(cmd: IncomingCommand, reply: Document): Buffer {
  const body = encodeDocument(reply);
  if (cmd.opCode === OP_QUERY) {
    const fixed = Buffer.alloc(20);
    fixed.writeInt32LE(0, 0); // responseFlags
    fixed.writeBigInt64LE(0n, 4); // cursorID
    fixed.writeInt32LE(0, 12); // startingFrom
    fixed.writeInt32LE(1, 16); // numberReturned
    const length = 16 + 20 + body.length;
    return Buffer.concat([header(length, cmd.requestId, OP_REPLY), fixed, body], length);
  }
  const prefix = Buffer.alloc(5); // flagBits(4) + section kind 0
  const length = 16 + 5 + body.length;
  return Buffer.concat([header(length, cmd.requestId, OP_MSG), prefix, body], length);
}
