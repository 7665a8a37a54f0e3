import { Types } from "mongoose";
import type { MessageDto, NotificationDto } from "@/contracts/dto";
import { Notification } from "@/models/Notification";
import { User } from "@/models/User";
import type { Actor } from "../../auth/actor";
import type { WithEvents } from "../../realtime/events";
import { createNotifications } from "../notifications/create";
import { conversationLink, preview, recipientsOf, type ConversationRef } from "./rules";
import { pendingNotices } from "../notifications/pending-chat-notices";
import { serially } from "./serial";

/** Whether a user has the conversation open in some tab right now (the transport knows; see server/README). */
export type IsViewing = (userId: string, conversationId: string) => boolean;

/**
 * "New chat message while you are not in that chat" (SPEC F4), coalesced: a recipient gets a
 * `chat_message` notification only when no tab of theirs has the conversation open AND they have
 * no unread `chat_message` notification for it yet, so a burst raises one. Reading the conversation
 * (markAsRead) reads that notification too, and the next message raises a new one. Recipients known
 * to hold one skip the lookup (notifications/pending-chat-notices.ts). Serialised per
 * conversation so that concurrent sends cannot both pass the "already notified?" check.
 */
export function chatNotifications(
  conv: ConversationRef,
  message: MessageDto,
  sender: Actor,
  isViewing: IsViewing,
): Promise<WithEvents<NotificationDto[]>> {
  return serially(`notify:${conv.id}`, () => notifyAway(conv, message, sender, isViewing));
}

async function notifyAway(
  conv: ConversationRef,
  message: MessageDto,
  sender: Actor,
  isViewing: IsViewing,
): Promise<WithEvents<NotificationDto[]>> {
  const adminIds =
    conv.kind === "support" && conv.participants[0] === sender.userId
      ? (await User.find({ role: "admin" }, { _id: 1 }).lean()).map((u) => u._id.toString())
      : [];
  const away = recipientsOf(conv, sender.userId, adminIds).filter(
    (id) => !isViewing(id, conv.id) && !pendingNotices.has(id, conv.id),
  );
  if (away.length === 0) return { result: [], events: [] };
  const link = conversationLink(conv.id);
  const pending = await Notification.find(
    { recipient: { $in: away.map((id) => new Types.ObjectId(id)) }, type: "chat_message", link, status: "unread" },
    { recipient: 1 },
  ).lean();
  const already = new Set(pending.map((n) => n.recipient.toString()));
  const recipients = away.filter((id) => !already.has(id));
  const created = await createNotifications(recipients.map((id) => new Types.ObjectId(id)), {
    type: "chat_message",
    title: conv.kind === "support" && sender.role === "admin" ? "New message from support" : `New message from ${sender.name}`,
    message: preview(message.content),
    link,
  });
  pendingNotices.add(away, conv.id);
  return created;
}
