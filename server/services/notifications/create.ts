import { Types } from "mongoose";
import type { NotificationDto, NotificationType } from "@/contracts/dto";
import {
  MAX_NOTIFICATION_MESSAGE,
  MAX_NOTIFICATION_TITLE,
  Notification,
  toNotificationDto,
  type NotificationDoc,
} from "@/models/Notification";
import type { WithEvents } from "../events";

export interface NotificationDraft {
  title: string;
  message: string;
  type: NotificationType;
  link: string | null;
}

/** The model's limits; drafts are built by services from validated input, so this only guards against a bug. */
function checked(d: NotificationDraft): NotificationDraft {
  if (!d.title || d.title.length > MAX_NOTIFICATION_TITLE || !d.message || d.message.length > MAX_NOTIFICATION_MESSAGE) {
    throw new Error(`notification draft out of bounds (title ${String(d.title.length)}, message ${String(d.message.length)})`);
  }
  return d;
}

/** A notification as written through the driver (`__v` as mongoose writes it). */
export type StoredNotification = NotificationDoc & { __v: number };

/** The stored form of a draft for one recipient. */
export function notificationDoc(recipient: Types.ObjectId, draft: NotificationDraft, now: Date): StoredNotification {
  const d = checked(draft);
  const doc = { _id: new Types.ObjectId(), recipient, title: d.title, message: d.message, type: d.type, link: d.link, status: "unread" as const, createdAt: now, updatedAt: now, __v: 0 };
  return doc;
}

/** The live delivery of stored notifications: to each recipient's connections. */
export function notificationEvents(docs: readonly NotificationDoc[]): WithEvents<NotificationDto[]> {
  const result = docs.map((n) => toNotificationDto(n));
  return { result, events: result.map((n) => ({ to: { users: [n.recipientId] }, event: "newNotification", payload: n })) };
}

/**
 * Persists one notification per recipient (one insert command), then describes the live delivery to
 * each `user:<id>` room. Written through the driver: mongoose's insertMany (cast, hydrate, validate
 * each document) was the largest extra cost of a chat burst that raises notifications
 * (docs/BENCHMARKS.md); the drafts come from services whose inputs are already validated.
 */
export async function createNotifications(
  recipients: readonly Types.ObjectId[],
  draft: NotificationDraft | ((recipient: Types.ObjectId) => NotificationDraft),
): Promise<WithEvents<NotificationDto[]>> {
  if (recipients.length === 0) return { result: [], events: [] };
  const now = new Date();
  const docs = recipients.map((recipient) => notificationDoc(recipient, typeof draft === "function" ? draft(recipient) : draft, now));
  await Notification.collection.insertMany(docs, { ordered: true });
  return notificationEvents(docs);
}
