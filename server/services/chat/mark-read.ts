import { Types } from "mongoose";
import { ErrorCode } from "@/contracts/errors";
import type { MarkAsReadPayload, MessageDeliveredPayload } from "@/contracts/schemas";
import { Message } from "@/models/Message";
import { Notification } from "@/models/Notification";
import type { Actor } from "../../auth/actor";
import { forbidden, isAppError, notFound } from "../../errors";
import type { RealtimeEvent, WithEvents } from "../events";
import { memberConversation, received, receivedFilter } from "./conversations";
import { pendingNotices } from "../caches";
import { advanceStatus } from "./receipts";
import { conversationLink, type ConversationRef } from "./rules";

type Moved = WithEvents<{ messageIds: string[] }>;

/**
 * `markAsRead { conversationId }`: every message the caller received there; `{ messageId }`: that one
 * and every earlier one they received in its conversation. Only members (else 404) and only received
 * messages (a message of one's own: 403). Also reads the conversation's chat notifications.
 */
export async function markAsRead(payload: MarkAsReadPayload, actor: Actor): Promise<Moved> {
  let conv: ConversationRef;
  let upTo: Types.ObjectId | null = null;
  if ("messageId" in payload) {
    const msg = await Message.findById(new Types.ObjectId(payload.messageId), { conversation: 1, sender: 1 }).lean();
    if (!msg) throw notFound("message");
    conv = await memberConversation(actor, msg.conversation.toString());
    if (!received(actor, conv, msg.sender.toString())) throw forbidden("you can only mark messages you received");
    upTo = msg._id;
  } else {
    conv = await memberConversation(actor, payload.conversationId);
  }
  const filter = { ...receivedFilter(actor, conv), ...(upTo ? { _id: { $lte: upTo } } : {}) };
  const { messageIds, events } = await advanceStatus(conv, filter, "read");
  return { result: { messageIds }, events: [...events, ...(await readChatNotifications(actor, conv))] };
}

async function readChatNotifications(actor: Actor, conv: ConversationRef): Promise<RealtimeEvent[]> {
  const filter = {
    recipient: new Types.ObjectId(actor.userId),
    type: "chat_message" as const,
    link: conversationLink(conv.id),
    status: "unread" as const,
  };
  const unread = await Notification.find(filter, { _id: 1 }).lean();
  const ids = unread.map((n) => n._id);
  if (ids.length > 0) await Notification.updateMany({ _id: { $in: ids } }, { $set: { status: "read" } });
  pendingNotices.forget(actor.userId, conv.id); // after the write: see notifications/pending-chat-notices.ts
  if (ids.length === 0) return [];
  return [{ to: { users: [actor.userId] }, event: "notificationsRead", payload: { ids: ids.map((id) => id.toString()) } }];
}

/**
 * `messageDelivered { messageIds }`: the recipient's client got these messages. Ids the caller did not
 * receive (their own, foreign conversations, unknown) are ignored; returns the ids that moved.
 */
export async function markDelivered(payload: MessageDeliveredPayload, actor: Actor): Promise<Moved> {
  const ids = [...new Set(payload.messageIds)].map((id) => new Types.ObjectId(id));
  const msgs = await Message.find({ _id: { $in: ids }, status: "sent" }, { conversation: 1, sender: 1 }).lean();
  const byConversation = new Map<string, Types.ObjectId[]>();
  for (const m of msgs) {
    const key = m.conversation.toString();
    byConversation.set(key, [...(byConversation.get(key) ?? []), m._id]);
  }
  const moved: string[] = [];
  const events: RealtimeEvent[] = [];
  for (const [conversationId, messageIds] of byConversation) {
    const conv = await memberConversation(actor, conversationId).catch((e: unknown) => {
      if (isAppError(e) && e.code === ErrorCode.NotFound) return null; // not theirs: ignored
      throw e;
    });
    if (!conv) continue;
    const res = await advanceStatus(conv, { ...receivedFilter(actor, conv), _id: { $in: messageIds } }, "delivered");
    moved.push(...res.messageIds);
    events.push(...res.events);
  }
  return { result: { messageIds: moved }, events };
}
