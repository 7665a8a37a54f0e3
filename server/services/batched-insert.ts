import type { MessageTrace } from "../metrics/message-stages";
import { isDuplicateKey } from "../errors";
import { runtime } from "../runtime";

/**
 * Group commit for one collection, the way a journal commits: the documents inserted during one turn
 * of the event loop go out together, and while one insert is in flight new documents queue for the
 * next single unordered `insertMany`. An idle server writes each document at once; a busy one (its
 * last insert answered less than BUSY_GAP_MS ago) lets a batch gather for LINGER_MS before it goes,
 * and so pays one command, one round trip and one fsync for many: each command costs the server a
 * socket write and the engine, which shares its core, a wake-up, a journal append and an fsync
 * (docs/BENCHMARKS.md, "Group commit with a linger"). Each caller learns its own outcome: inserted,
 * or refused by a unique index (a duplicate), or the error.
 */

export type InsertOutcome<T> = { inserted: T } | { duplicate: true };

/** What a batch is written to: a driver collection (`Model.collection`). */
export interface InsertTarget {
  insertMany(docs: object[], options: { ordered: false }): Promise<unknown>;
}

interface Pending<T> {
  doc: T;
  /** Stamped with the batch's send and reply times (metrics/message-stages.ts). */
  trace: MessageTrace | undefined;
  resolve(outcome: InsertOutcome<T>): void;
  reject(e: unknown): void;
}

interface BatchState<T> {
  queue: Pending<T>[];
  writing: boolean;
  /** performance.now() when the last insert was answered (-Infinity before the first). */
  lastAnswered: number;
}

const MAX_BATCH = 500;
/** How long a batch gathers on a busy server before it is sent. */
export const LINGER_MS = 2;
/** A server whose last insert was answered this recently counts as busy. */
const BUSY_GAP_MS = 10;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `name` keys the queue in the runtime registry, so the route bundle Next builds and server.ts share it.
 * Documents are written as given (through the driver, not validated by mongoose): callers build them
 * from input already parsed against the contract's schemas.
 */
export function batchedInserter<T extends object>(name: string, target: () => InsertTarget): (doc: T, trace?: MessageTrace) => Promise<InsertOutcome<T>> {
  const state = () => runtime.store(`batched-insert:${name}`, (): BatchState<T> => ({ queue: [], writing: false, lastAnswered: -Infinity }));
  return (doc, trace) =>
    new Promise<InsertOutcome<T>>((resolve, reject) => {
      const s = state();
      s.queue.push({ doc, trace, resolve, reject });
      if (s.writing) return;
      s.writing = true;
      // Idle: start after this turn of the event loop (every document produced in it joins the batch).
      // Busy: let the batch gather a little longer.
      // Tracked from now on, so a graceful shutdown waits for the documents already queued.
      const start = new Promise<void>((go) => (busy(s) ? setTimeout(go, LINGER_MS) : setImmediate(go)));
      void runtime.track(start.then(() => drain(s, target)));
    });
}

const busy = (s: BatchState<object>) => performance.now() - s.lastAnswered < BUSY_GAP_MS;

async function drain<T extends object>(s: BatchState<T>, targetOf: () => InsertTarget): Promise<void> {
  let batch: Pending<T>[] = [];
  try {
    const target = targetOf();
    while (s.queue.length > 0) {
      batch = s.queue.splice(0, MAX_BATCH);
      await writeBatch(batch, target);
      batch = [];
      s.lastAnswered = performance.now();
      // What queued during the round trip gathers a little longer, unless a full batch is already waiting.
      if (s.queue.length > 0 && s.queue.length < MAX_BATCH) await sleep(LINGER_MS);
    }
  } catch (e) {
    // Whatever went wrong outside a command's own outcome (no collection to write to, a failure the driver
    // did not shape): the batch in hand and everything queued are refused, never left without an answer.
    for (const p of [...batch, ...s.queue.splice(0)]) p.reject(e);
  } finally {
    s.writing = false;
  }
}

async function writeBatch<T extends object>(batch: Pending<T>[], target: InsertTarget): Promise<void> {
  const failed = new Map<number, { code?: number }>();
  const stamp = (mark: "sent" | "replied") => {
    const now = performance.now();
    for (const p of batch) p.trace?.mark(mark, now);
  };
  try {
    const written = target.insertMany(batch.map((p) => p.doc), { ordered: false });
    stamp("sent");
    await written;
    stamp("replied");
  } catch (e) {
    stamp("replied");
    const writeErrors = (e as { writeErrors?: { index: number; code?: number }[] | { index: number; code?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : null;
    if (!list) {
      for (const p of batch) p.reject(e); // the whole command failed: nothing is acknowledged
      return;
    }
    for (const w of list) failed.set(w.index, w);
  }
  batch.forEach((p, i) => {
    const err = failed.get(i);
    if (!err) p.resolve({ inserted: p.doc });
    else if (isDuplicateKey(err)) p.resolve({ duplicate: true });
    else p.reject(Object.assign(new Error("document not stored"), { cause: err }));
  });
}
