import { Types } from "mongoose";
import { Message, type MessageDoc } from "@/models/Message";
import { runtime } from "../../runtime";

/**
 * Writes chat messages in batches, the way a journal group-commits: the messages of one turn of the
 * event loop go out together, and while one insert is in flight new messages queue for the next single
 * unordered insertMany. An idle server writes each message at once; a busy one pays one command, one
 * round trip and one fsync for many (docs/BENCHMARKS.md). Each caller learns its own outcome: inserted, or a duplicate clientId.
 */

export type MessageFields = Pick<MessageDoc, "conversation" | "sender" | "clientId" | "content">;
export type InsertOutcome = { inserted: MessageDoc } | { duplicate: true };

interface Pending {
  doc: MessageDoc & { __v: number };
  resolve(outcome: InsertOutcome): void;
  reject(e: unknown): void;
}

const MAX_BATCH = 500;
const DUPLICATE_KEY = 11000;

interface WriterState { queue: Pending[]; writing: boolean }

function state(): WriterState {
  return runtime.store("message-writer", (): WriterState => ({ queue: [], writing: false }));
}

export function insertMessage(fields: MessageFields): Promise<InsertOutcome> {
  const now = new Date();
  // Goes through the driver directly: the fields come from the parsed `messagePayload` (contracts/schemas,
  // the same length limits as the model) and the typed actor and conversation; a mongoose document per
  // message only to re-validate them cost ~4% of the server's CPU under chat load (docs/BENCHMARKS.md).
  const doc = { ...fields, _id: new Types.ObjectId(), status: "sent" as const, createdAt: now, updatedAt: now, __v: 0 };
  return new Promise<InsertOutcome>((resolve, reject) => {
    const s = state();
    s.queue.push({ doc, resolve, reject });
    if (s.writing) return;
    // Start after this turn of the event loop: every message read from any socket in it joins the batch.
    s.writing = true;
    setImmediate(() => void drain(s));
  });
}

async function drain(s: WriterState): Promise<void> {
  try {
    while (s.queue.length > 0) {
      const batch = s.queue.splice(0, MAX_BATCH);
      await runtime.track(writeBatch(batch));
    }
  } finally {
    s.writing = false;
  }
}

async function writeBatch(batch: Pending[]): Promise<void> {
  const failed = new Map<number, { code?: number }>();
  try {
    await Message.collection.insertMany(batch.map((p) => p.doc), { ordered: false });
  } catch (e) {
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
    else if (err.code === DUPLICATE_KEY) p.resolve({ duplicate: true });
    else p.reject(Object.assign(new Error("message not stored"), { cause: err }));
  });
}
