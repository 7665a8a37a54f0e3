import { Types } from "mongoose";
import type { NotificationDto } from "@/contracts/dto";
import { notificationsQuery, type NotificationsQuery } from "@/contracts/schemas";
import { Notification, toNotificationDto, type NotificationDoc } from "@/models/Notification";
import type { Actor } from "../../auth/actor";
import { forbidden } from "../../errors";

export interface NotificationList {
  notifications: NotificationDto[];
  /** The caller's own unread notifications (also with `scope=all`). */
  unreadCount: number;
  /** Of those, the chat notices (the Messages badge counts them, the bell does not). */
  unreadChatCount: number;
}

export const listNotificationsInput = notificationsQuery;

/** Newest first. `since` (resync after a reconnect) and `before` (paging) are exclusive bounds. */
export async function listNotifications(q: NotificationsQuery, actor: Actor): Promise<NotificationList> {
  if (q.scope === "all" && actor.role !== "admin") throw forbidden("only admins may list everyone's notifications");
  const me = new Types.ObjectId(actor.userId);
  const createdAt: { $gt?: Date; $lt?: Date } = {};
  if (q.since) createdAt.$gt = new Date(q.since);
  if (q.before) createdAt.$lt = new Date(q.before);
  const filter = {
    ...(q.scope === "mine" ? { recipient: me } : {}),
    ...(q.since || q.before ? { createdAt } : {}),
  };
  const [docs, unreadCount, unreadChatCount] = await Promise.all([
    Notification.find(filter).sort({ createdAt: -1, _id: -1 }).limit(q.limit).lean(),
    Notification.countDocuments({ recipient: me, status: "unread" }),
    Notification.countDocuments({ recipient: me, status: "unread", type: "chat_message" }),
  ]);
  return { notifications: (docs as NotificationDoc[]).map(toNotificationDto), unreadCount, unreadChatCount };
}
