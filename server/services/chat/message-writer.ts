import { Types } from "mongoose";
import { Message, type MessageDoc } from "@/models/Message";
import type { MessageTrace } from "../../metrics/message-stages";
import { batchedInserter, type InsertOutcome } from "../batched-insert";

/**
 * Chat messages are written in batches (batched-insert.ts): one insert command per round trip for
 * every message read meanwhile. A retry is told apart by the unique {sender, clientId} index.
 */

export type MessageFields = Pick<MessageDoc, "conversation" | "sender" | "clientId" | "content">;
type StoredMessage = MessageDoc & { __v: number };

const insertBatched = batchedInserter<StoredMessage>("messages", () => Message.collection);

export function insertMessage(fields: MessageFields, trace?: MessageTrace): Promise<InsertOutcome<MessageDoc>> {
  const now = new Date();
  // Goes through the driver directly: the fields come from the parsed `messagePayload` (contracts/schemas,
  // the same length limits as the model) and the typed actor and conversation; a mongoose document per
  // message only to re-validate them cost ~4% of the server's CPU under chat load (docs/BENCHMARKS.md).
  const doc = { ...fields, _id: new Types.ObjectId(), status: "sent" as const, createdAt: now, updatedAt: now, __v: 0 };
  return insertBatched(doc, trace);
}
