import { Types } from "mongoose";
import type { MessageStatus } from "@/contracts/dto";
import { Message, statusesBefore } from "@/models/Message";
import type { RealtimeEvent } from "../events";
import { audienceOf, type ConversationRef } from "./rules";

/**
 * Moves messages forward to `status` (sent -> delivered -> read; never back). Returns the ids that
 * actually moved, and the `messageStatus` event for every tab of the conversation's members (the
 * senders see their receipts; the reader's other tabs update their unread counts).
 */
export async function advanceStatus(
  conv: ConversationRef,
  filter: Record<string, unknown>,
  status: MessageStatus,
): Promise<{ messageIds: string[]; events: RealtimeEvent[] }> {
  const from = { $in: statusesBefore(status) };
  const conversation = new Types.ObjectId(conv.id);
  const candidates = await Message.find({ ...filter, conversation, status: from }, { _id: 1 }).sort({ _id: 1 }).lean();
  if (candidates.length === 0) return { messageIds: [], events: [] };
  const ids = candidates.map((m) => m._id);
  await Message.updateMany({ _id: { $in: ids }, status: from }, { $set: { status } });
  const messageIds = ids.map((id) => id.toString());
  return {
    messageIds,
    events: [{ to: audienceOf(conv), event: "messageStatus", payload: { conversationId: conv.id, messageIds, status } }],
  };
}
