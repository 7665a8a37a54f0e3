import { randomBytes } from "node:crypto";
import { type Document, Long } from "bson";
import { bsonSize } from "../wire/bson-codec.js";
import { MAX_BSON_OBJECT_SIZE } from "../wire/limits.js";

const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  ns: string;
  iterator: PeekableIterator;
  lastUsed: number;
}

/** Server-side cursors for find/aggregate/listX results larger than one batch. */
export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => {
      this.reapIdle();
    }, 60_000);
    this.timer.unref();
  }

  /** Takes `batchSize` docs (0 = none); registers the remainder as a cursor. Returns the reply shape. */
  firstBatch(ns: string, source: Iterator<Document>, batchSize: number, singleBatch = false): Document {
    const iterator = new PeekableIterator(source);
    const batch = batchSize === 0 && !singleBatch ? { docs: [], exhausted: !iterator.hasMore() } : takeBatch(iterator, batchSize);
    let id = Long.ZERO;
    if (!batch.exhausted && !singleBatch) {
      id = newCursorId();
      this.cursors.set(id.toString(), { ns, iterator, lastUsed: Date.now() });
    }
    return { cursor: { firstBatch: batch.docs, id, ns }, ok: 1 };
  }

  getMore(id: string, batchSize: number): { ns: string; docs: Document[]; id: Long } | undefined {
    const cursor = this.cursors.get(id);
    if (!cursor) return undefined;
    cursor.lastUsed = Date.now();
    const batch = takeBatch(cursor.iterator, batchSize);
    if (batch.exhausted) this.cursors.delete(id);
    return { ns: cursor.ns, docs: batch.docs, id: batch.exhausted ? Long.ZERO : Long.fromString(id) };
  }

  kill(id: string): boolean {
    return this.cursors.delete(id);
  }

  private reapIdle(): void {
    const cutoff = Date.now() - IDLE_TIMEOUT_MS;
    for (const [id, cursor] of this.cursors) if (cursor.lastUsed < cutoff) this.cursors.delete(id);
  }

  close(): void {
    clearInterval(this.timer);
    this.cursors.clear();
  }
}

const UNLIMITED_BATCH = 100_000;

/** Like mongod, a batch never carries more than 16 MiB of documents (but always at least one). */
const MAX_BATCH_BYTES = MAX_BSON_OBJECT_SIZE;

/** Takes `size` docs (0 = unlimited for getMore) and peeks one more to know whether the cursor is exhausted. */
function takeBatch(iterator: PeekableIterator, size: number): { docs: Document[]; exhausted: boolean } {
  const docs: Document[] = [];
  const limit = size > 0 ? size : UNLIMITED_BATCH;
  let bytes = 0;
  while (docs.length < limit) {
    const next = iterator.next();
    if (next.done) return { docs, exhausted: true };
    bytes += bsonSize(next.value);
    if (bytes > MAX_BATCH_BYTES && docs.length > 0) {
      iterator.pushBack(next.value);
      break;
    }
    docs.push(next.value);
  }
  return { docs, exhausted: !iterator.hasMore() };
}

/** Wraps an iterator so that exhaustion can be detected without losing an element. */
export class PeekableIterator implements Iterator<Document> {
  private peeked: IteratorResult<Document> | null = null;
  constructor(private readonly inner: Iterator<Document>) {}

  next(): IteratorResult<Document> {
    if (this.peeked) {
      const value = this.peeked;
      this.peeked = null;
      return value;
    }
    return this.inner.next();
  }

  pushBack(doc: Document): void {
    this.peeked = { done: false, value: doc };
  }

  hasMore(): boolean {
    this.peeked ??= this.inner.next();
    return this.peeked.done !== true;
  }
}

/** Random positive 63-bit ids with a high bit set, like mongod's (never promotable to a JS number by drivers). */
function newCursorId(): Long {
  const raw = randomBytes(8).readBigUInt64LE(0);
  return Long.fromBigInt((raw & 0x3fffffffffffffffn) | 0x2000000000000000n);
}
