import { Types } from "mongoose";
import type { MessageDto } from "@/contracts/dto";
import type { MessagePayload } from "@/contracts/schemas";
import { Conversation } from "@/models/Conversation";
import { Message, toMessageDto, type MessageDoc } from "@/models/Message";
import type { Actor } from "../../auth/actor";
import type { RealtimeEvent, WithEvents } from "../../realtime/events";
import { isDuplicateKey } from "../auth/register";
import { memberConversation, openConversation, targetFor } from "./conversations";
import { chatNotifications, type IsViewing } from "./notify-chat";
import { audienceRooms } from "./rules";

/**
 * Sends a chat message (SPEC F5). The sender is `actor` (from the token), never the payload. Either
 * `conversationId` (members only, else 404) or `recipientId` (find-or-create; 403 when not allowed).
 * Idempotent per sender and `clientId`: a retry answers the stored message and announces nothing.
 */
export async function sendMessage(
  payload: MessagePayload,
  actor: Actor,
  isViewing: IsViewing,
): Promise<WithEvents<MessageDto>> {
  const me = new Types.ObjectId(actor.userId);
  const retried = await storedMessage(me, payload.clientId);
  if (retried) return { result: retried, events: [] };

  const conv = payload.conversationId
    ? await memberConversation(actor, payload.conversationId)
    : await openConversation(await targetFor(actor, payload.recipientId ?? ""));

  let doc: MessageDoc;
  try {
    const created = await Message.create({
      conversation: new Types.ObjectId(conv.id),
      sender: me,
      clientId: payload.clientId,
      content: payload.content,
      status: "sent",
    });
    doc = created.toObject();
  } catch (e) {
    // Two sends of the same clientId at once: the unique index lets one in; the other answers it.
    if (!isDuplicateKey(e)) throw e;
    const stored = await storedMessage(me, payload.clientId);
    if (!stored) throw e;
    return { result: stored, events: [] };
  }
  await Conversation.updateOne(
    { _id: doc.conversation, $or: [{ lastMessageAt: null }, { lastMessageAt: { $lt: doc.createdAt } }] },
    { $set: { lastMessageAt: doc.createdAt } },
  );

  const message = toMessageDto(doc);
  const events: RealtimeEvent[] = [{ room: audienceRooms(conv), event: "newMessage", payload: message }];
  const notified = await chatNotifications(conv, message, actor, isViewing);
  return { result: message, events: [...events, ...notified.events] };
}

export type SendMessage = typeof sendMessage;

async function storedMessage(sender: Types.ObjectId, clientId: string): Promise<MessageDto | null> {
  const doc = (await Message.findOne({ sender, clientId }).lean()) as MessageDoc | null;
  return doc ? toMessageDto(doc) : null;
}
