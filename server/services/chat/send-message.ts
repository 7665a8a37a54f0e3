import { Types } from "mongoose";
import type { MessageDto } from "@/contracts/dto";
import type { MessagePayload } from "@/contracts/schemas";
import { Message, toMessageDto, type MessageDoc } from "@/models/Message";
import type { Actor } from "../../auth/actor";
import type { RealtimeEvent, WithEvents } from "../events";
import { touchConversation } from "./conversation-touch";
import { memberConversation, openConversation, targetFor } from "./conversations";
import { runtime } from "../../runtime";
import type { MessageTrace } from "../../metrics/message-stages";
import { realtimeMetrics } from "../../metrics/registry";
import { insertMessage } from "./message-writer";
import { chatNotifications, type IsViewing } from "./notify-chat";
import { audienceOf, type ConversationRef } from "./rules";

/**
 * Sends a chat message (SPEC F5). The sender is `actor` (from the token), never the payload. Either
 * `conversationId` (members only, else 404) or `recipientId` (find-or-create; 403 when not allowed).
 * Idempotent per sender and `clientId`: a retry answers the stored message and announces nothing.
 */
export async function sendMessage(
  payload: MessagePayload,
  actor: Actor,
  isViewing: IsViewing,
  /** Stage marks for the metrics (metrics/message-stages.ts), when the caller times this message. */
  trace?: MessageTrace,
): Promise<WithEvents<MessageDto>> {
  const me = new Types.ObjectId(actor.userId);
  // Without a client id (seed 002's clients) the server assigns one: such a send is not idempotent.
  const clientId = payload.clientId ?? `srv-${new Types.ObjectId().toHexString()}`;
  // The happy path costs one write: a retry is recognised by the unique {sender, clientId} index when
  // the insert fails; only when the target is refused do we look for an earlier send to answer.
  let conv: ConversationRef;
  try {
    conv = payload.conversationId
      ? await memberConversation(actor, payload.conversationId)
      : await openConversation(await targetFor(actor, payload.recipientId ?? ""));
  } catch (e) {
    const retried = payload.clientId ? await storedMessage(me, payload.clientId) : null;
    if (retried) return { result: retried, events: [] };
    throw e;
  }

  trace?.mark("conversation");
  const outcome = await insertMessage({
    conversation: new Types.ObjectId(conv.id),
    sender: me,
    clientId,
    content: payload.content,
  }, trace);
  if (!("inserted" in outcome)) {
    // A retry (or two sends of one clientId at once): the unique index let one in; answer it.
    const stored = await storedMessage(me, clientId);
    if (!stored) throw new Error("duplicate clientId, but no stored message");
    return { result: stored, events: [] };
  }
  const doc = outcome.inserted;
  realtimeMetrics().messageStored();
  await touchConversation(conv.id, doc.createdAt);

  const message = toMessageDto(doc);
  const events: RealtimeEvent[] = [{ to: audienceOf(conv), event: "newMessage", payload: withRecipient(message, conv) }];
  return { result: message, events, later: notifyLater(conv, message, actor, isViewing) };
}

/**
 * The "new message" notification is raised after the send is acknowledged and delivered, as chat
 * servers do (a first message of a burst paid a second store round trip before its ack). It is
 * derived from the stored message: a crash between the two writes loses only that bell entry, the
 * message itself stays unread in the inbox; a graceful shutdown waits for it (runtime.track).
 */
function notifyLater(conv: ConversationRef, message: MessageDto, actor: Actor, isViewing: IsViewing): Promise<RealtimeEvent[]> {
  return runtime.track(
    chatNotifications(conv, message, actor, isViewing).then(
      (n) => n.events,
      (e: unknown) => {
        console.error("[chat] notification not raised:", e instanceof Error ? e.message : String(e));
        return [];
      },
    ),
  );
}

export type SendMessage = typeof sendMessage;

/** On `newMessage`, a direct conversation's message names its recipient too (the other member). */
function withRecipient(message: MessageDto, conv: ConversationRef): MessageDto {
  if (conv.kind !== "direct") return message;
  const recipientId = conv.participants.find((id) => id !== message.senderId);
  return recipientId ? { ...message, recipientId } : message;
}

async function storedMessage(sender: Types.ObjectId, clientId: string): Promise<MessageDto | null> {
  const doc = (await Message.findOne({ sender, clientId }).lean()) as MessageDoc | null;
  return doc ? toMessageDto(doc) : null;
}
