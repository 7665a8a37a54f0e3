import { performance } from "node:perf_hooks";
import type { MessageTrace } from "../metrics/message-stages";
import { isDuplicateKey } from "../errors";
import { runtime } from "../runtime";

/**
 * Group commit for one collection, the way a journal commits: the documents inserted during one turn
 * of the event loop go out together, and while one insert is in flight new documents queue for the
 * next single unordered `insertMany`. An idle server writes each document at once; a busy one pays
 * one command, one round trip and one fsync for many (docs/BENCHMARKS.md). Each caller learns its own
 * outcome: inserted, or refused by a unique index (a duplicate), or the error.
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

interface BatchState<T> { queue: Pending<T>[]; writing: boolean }

const MAX_BATCH = 500;

/**
 * `name` keys the queue in the runtime registry, so the route bundle Next builds and server.ts share it.
 * Documents are written as given (through the driver, not validated by mongoose): callers build them
 * from input already parsed against the contract's schemas.
 */
export function batchedInserter<T extends object>(name: string, target: () => InsertTarget): (doc: T, trace?: MessageTrace) => Promise<InsertOutcome<T>> {
  const state = () => runtime.store(`batched-insert:${name}`, (): BatchState<T> => ({ queue: [], writing: false }));
  return (doc, trace) =>
    new Promise<InsertOutcome<T>>((resolve, reject) => {
      const s = state();
      s.queue.push({ doc, trace, resolve, reject });
      if (s.writing) return;
      // Start after this turn of the event loop: every document produced in it joins the batch.
      s.writing = true;
      setImmediate(() => void drain(s, target()));
    });
}

async function drain<T extends object>(s: BatchState<T>, target: InsertTarget): Promise<void> {
  try {
    while (s.queue.length > 0) {
      const batch = s.queue.splice(0, MAX_BATCH);
      await runtime.track(writeBatch(batch, target));
    }
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
