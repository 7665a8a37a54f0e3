import { Types } from "mongoose";
import { Conversation } from "@/models/Conversation";
import { runtime } from "../../runtime";

/**
 * `lastMessageAt` selects and orders the inbox (list-conversations.ts, which then orders by the last
 * message itself), so it only has to say "has messages, recently":
 * - a conversation's first message in this process writes it before the send is acknowledged, so a
 *   new conversation is in both inboxes as soon as its first message is;
 * - later messages move it at most every TOUCH_INTERVAL_MS, written in the background: all touches
 *   due at once go out as one unordered bulk write while the previous one is in flight. Shutdown
 *   waits for them (runtime.track); losing one only makes the inbox's preselection a little stale.
 * This took one update command per message off the send path, and at most one per active conversation
 * and minute remains (each command to the store costs the server a socket write: docs/BENCHMARKS.md).
 */
const TOUCH_INTERVAL_MS = 60_000;
const MAX_REMEMBERED = 50_000;

interface TouchState {
  /** Conversation id -> time of the last lastMessageAt this process wrote (or queued). */
  touched: Map<string, number>;
  /** Touches waiting for the next bulk write: conversation id -> time. */
  pending: Map<string, Date>;
  writing: boolean;
}

function state(): TouchState {
  return runtime.store("conversation-touch", (): TouchState => ({ touched: new Map(), pending: new Map(), writing: false }));
}

export async function touchConversation(conversationId: string, at: Date): Promise<void> {
  const s = state();
  const last = s.touched.get(conversationId);
  if (last !== undefined && at.getTime() - last < TOUCH_INTERVAL_MS) return;
  s.touched.set(conversationId, at.getTime());
  if (s.touched.size > MAX_REMEMBERED) s.touched.delete(s.touched.keys().next().value ?? "");
  if (last === undefined) {
    await writeTouches([[conversationId, at]]);
    return;
  }
  s.pending.set(conversationId, at);
  if (!s.writing) void runtime.track(drain(s));
}

async function drain(s: TouchState): Promise<void> {
  s.writing = true;
  try {
    while (s.pending.size > 0) {
      const batch = [...s.pending];
      s.pending.clear();
      await writeTouches(batch).catch((e: unknown) => {
        console.error("[chat] lastMessageAt not saved:", e instanceof Error ? e.message : String(e));
      });
    }
  } finally {
    s.writing = false;
  }
}

/** Moves lastMessageAt forward only (a late, older touch never moves it back). */
async function writeTouches(touches: [string, Date][]): Promise<void> {
  await Conversation.collection.bulkWrite(
    touches.map(([id, at]) => ({
      updateOne: {
        filter: { _id: new Types.ObjectId(id), $or: [{ lastMessageAt: null }, { lastMessageAt: { $lt: at } }] },
        update: { $set: { lastMessageAt: at } },
      },
    })),
    { ordered: false },
  );
}
