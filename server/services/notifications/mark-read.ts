import { Types } from "mongoose";
import { z } from "zod";
import type { NotificationDto } from "@/contracts/dto";
import { objectId } from "@/contracts/schemas";
import { Notification, toNotificationDto, type NotificationDoc } from "@/models/Notification";
import type { Actor } from "../../auth/actor";
import { notFound } from "../../errors";
import type { WithEvents } from "../events";
import { pendingNotices } from "../caches";

export const markNotificationReadInput = z.object({ notificationId: objectId });

/** Only the recipient may mark a notification read; for anyone else it does not exist (404). */
export async function markNotificationRead(input: z.output<typeof markNotificationReadInput>, actor: Actor): Promise<WithEvents<NotificationDto>> {
  const notificationId = new Types.ObjectId(input.notificationId);
  const doc = (await Notification.findOneAndUpdate(
    { _id: notificationId, recipient: new Types.ObjectId(actor.userId) },
    { $set: { status: "read" } },
    { returnDocument: "after" },
  ).lean()) as NotificationDoc | null;
  if (!doc) throw notFound("notification");
  pendingNotices.forget(actor.userId);
  const result = toNotificationDto(doc);
  return {
    result,
    events: [{ to: { users: [actor.userId] }, event: "notificationsRead", payload: { ids: [result.id] } }],
  };
}

export async function markAllNotificationsRead(actor: Actor): Promise<WithEvents<{ updated: number }>> {
  const res = await Notification.updateMany(
    { recipient: new Types.ObjectId(actor.userId), status: "unread" },
    { $set: { status: "read" } },
  );
  pendingNotices.forget(actor.userId);
  return {
    result: { updated: res.modifiedCount },
    events: [{ to: { users: [actor.userId] }, event: "notificationsRead", payload: { ids: "all" } }],
  };
}
