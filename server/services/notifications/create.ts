import type { Types } from "mongoose";
import type { NotificationDto, NotificationType } from "@/contracts/dto";
import { rooms } from "@/contracts/socket";
import { Notification, toNotificationDto, type NotificationDoc } from "@/models/Notification";
import type { RealtimeEvent, WithEvents } from "../../realtime/events";

export interface NotificationDraft {
  title: string;
  message: string;
  type: NotificationType;
  link: string | null;
}

/** Persists one notification per recipient, then describes the live delivery to each `user:<id>` room. */
export async function createNotifications(
  recipients: readonly Types.ObjectId[],
  draft: NotificationDraft | ((recipient: Types.ObjectId) => NotificationDraft),
): Promise<WithEvents<NotificationDto[]>> {
  if (recipients.length === 0) return { result: [], events: [] };
  const docs = recipients.map((recipient) => ({
    recipient,
    ...(typeof draft === "function" ? draft(recipient) : draft),
    status: "unread" as const,
  }));
  const saved = (await Notification.insertMany(docs)) as unknown as NotificationDoc[];
  const result = saved.map((n) => toNotificationDto(n));
  const events: RealtimeEvent[] = result.map((n) => ({
    room: rooms.user(n.recipientId),
    event: "newNotification",
    payload: n,
  }));
  return { result, events };
}
