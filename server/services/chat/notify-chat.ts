import { Types } from "mongoose";
import type { MessageDto, NotificationDto } from "@/contracts/dto";
import { Notification } from "@/models/Notification";
import { User } from "@/models/User";
import type { Actor } from "../../auth/actor";
import type { WithEvents } from "../events";
import { batchedInserter } from "../batched-insert";
import { notificationDoc, notificationEvents, type StoredNotification } from "../notifications/create";
import { pendingNotices } from "../caches";
import { conversationLink, preview, recipientsOf, type ConversationRef } from "./rules";

/** Whether a user has the conversation open in some tab right now (the transport knows; see server/README). */
/** Whether some tab of the user has the conversation open (asked of the realtime layer, on every node). */
export type IsViewing = (userId: string, conversationId: string) => Promise<boolean>;

/** Chat notices of many conversations share one insert command (batched-insert.ts). */
const insertNotice = batchedInserter<StoredNotification>("chat-notices", () => Notification.collection);

/**
 * "New chat message while you are not in that chat" (SPEC F4), coalesced: a recipient gets a
 * `chat_message` notification only when no tab of theirs has the conversation open AND they have
 * no unread `chat_message` notification for it yet, so a burst raises one. The store keeps that rule
 * (a unique index on the unread ones, models/Notification.ts): a notice is simply inserted, and a
 * duplicate means the recipient already has one, so concurrent sends cannot raise two. Reading the
 * conversation (markAsRead) reads that notification too, and the next message raises a new one.
 * Recipients known to hold one are skipped without a write (notifications/pending-chat-notices.ts).
 */
export async function chatNotifications(
  conv: ConversationRef,
  message: MessageDto,
  sender: Actor,
  isViewing: IsViewing,
): Promise<WithEvents<NotificationDto[]>> {
  const adminIds =
    conv.kind === "support" && conv.participants[0] === sender.userId
      ? (await User.find({ role: "admin" }, { _id: 1 }).lean()).map((u) => u._id.toString())
      : [];
  // Known holders of an unread notice first: no question to the realtime layer for them.
  const candidates = recipientsOf(conv, sender.userId, adminIds).filter((id) => !pendingNotices.has(id, conv.id));
  const viewing = await Promise.all(candidates.map((id) => isViewing(id, conv.id)));
  const away = candidates.filter((_id, i) => !viewing[i]);
  if (away.length === 0) return { result: [], events: [] };
  const draft = {
    type: "chat_message" as const,
    title: conv.kind === "support" && sender.role === "admin" ? "New message from support" : `New message from ${sender.name}`,
    message: preview(message.content),
    link: conversationLink(conv.id),
  };
  const now = new Date();
  const outcomes = await Promise.all(away.map((id) => insertNotice(notificationDoc(new Types.ObjectId(id), draft, now))));
  pendingNotices.add(away, conv.id);
  return notificationEvents(outcomes.flatMap((o) => ("inserted" in o ? [o.inserted] : [])));
}
