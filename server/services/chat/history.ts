import { Types } from "mongoose";
import type { z } from "zod";
import { historyQuery, objectId } from "@/contracts/schemas";
import type { MessagesPageResponse } from "@/contracts/rest";
import { Message, toMessageDto, type MessageDoc } from "@/models/Message";
import type { Actor } from "../../auth/actor";
import { badRequest } from "../../errors";
import { existingConversationWith, memberConversation } from "./conversations";

export const conversationMessagesInput = historyQuery.extend({ conversationId: objectId });

/** GET /api/conversations/:id/messages (members only, else 404). Paging rules: contracts/rest.ts. */
export async function conversationMessages(input: z.output<typeof conversationMessagesInput>, actor: Actor): Promise<MessagesPageResponse> {
  const { conversationId, ...q } = input;
  const conv = await memberConversation(actor, conversationId);
  return messagesPage(conv.id, q);
}

export const historyWithInput = historyQuery.extend({ recipientId: objectId });

/** GET /api/messages/history/:recipientId: the caller's conversation with that user (none yet: empty). */
export async function historyWith(input: z.output<typeof historyWithInput>, actor: Actor): Promise<MessagesPageResponse> {
  const { recipientId, ...q } = input;
  const conv = await existingConversationWith(actor, recipientId);
  return conv ? messagesPage(conv.id, q) : { messages: [], nextCursor: null };
}

interface PageQuery {
  before?: string;
  after?: string;
  limit: number;
}

/** Chronological within a page; `before`/none: newest page first, `after`: oldest newer ones first. */
export async function messagesPage(conversationId: string, q: PageQuery): Promise<MessagesPageResponse> {
  if (q.before && q.after) throw badRequest("give at most one of before or after");
  const conversation = new Types.ObjectId(conversationId);
  if (q.after) {
    const docs = (await Message.find({ conversation, _id: { $gt: new Types.ObjectId(q.after) } })
      .sort({ _id: 1 })
      .limit(q.limit + 1)
      .lean()) as MessageDoc[];
    const page = docs.slice(0, q.limit);
    return { messages: page.map(toMessageDto), nextCursor: docs.length > q.limit ? (page.at(-1)?._id.toString() ?? null) : null };
  }
  const docs = (await Message.find({ conversation, ...(q.before ? { _id: { $lt: new Types.ObjectId(q.before) } } : {}) })
    .sort({ _id: -1 })
    .limit(q.limit + 1)
    .lean()) as MessageDoc[];
  const page = docs.slice(0, q.limit).reverse();
  return { messages: page.map(toMessageDto), nextCursor: docs.length > q.limit ? (page[0]?._id.toString() ?? null) : null };
}
