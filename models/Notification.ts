/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types SchemaTypeOptions as a class, but schema definitions are plain option objects by design. */
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { NotificationTypes, type NotificationDto } from "@/contracts/dto";

export const MAX_NOTIFICATION_TITLE = 200;
export const MAX_NOTIFICATION_MESSAGE = 2000;

const notificationSchema = new Schema(
  {
    recipient: { type: Schema.Types.ObjectId, ref: "User", required: true },
    title: { type: String, required: true, maxlength: MAX_NOTIFICATION_TITLE },
    message: { type: String, required: true, maxlength: MAX_NOTIFICATION_MESSAGE },
    type: { type: String, enum: NotificationTypes, required: true },
    link: { type: String, default: null },
    status: { type: String, enum: ["unread", "read"] as const, required: true, default: "unread" },
  },
  { timestamps: true },
);
notificationSchema.index({ recipient: 1, createdAt: -1 });
notificationSchema.index({ createdAt: -1 });
/**
 * Read notifications are deleted 30 days after they were last changed (marked read), by the store's
 * TTL monitor; unread ones stay until read.
 */
export const READ_NOTIFICATION_TTL_SEC = 30 * 24 * 60 * 60;
notificationSchema.index({ updatedAt: 1 }, { expireAfterSeconds: READ_NOTIFICATION_TTL_SEC, partialFilterExpression: { status: "read" } });
/**
 * At most one unread "new chat message" notification per recipient and conversation (SPEC F4: a burst
 * raises one): the store settles concurrent sends, and raising one is a single insert (a duplicate
 * means "already notified"), not a lookup and then an insert.
 */
notificationSchema.index(
  { recipient: 1, link: 1 },
  { unique: true, name: "one_unread_chat_notice", partialFilterExpression: { type: "chat_message", status: "unread" } },
);

type NotificationSchema = InferSchemaType<typeof notificationSchema>;
export type NotificationDoc = NotificationSchema & { _id: Types.ObjectId };

const createNotificationModel = () => mongoose.model("Notification", notificationSchema);
export const Notification =
  (mongoose.models.Notification as ReturnType<typeof createNotificationModel> | undefined) ?? createNotificationModel();

export function toNotificationDto(n: NotificationDoc): NotificationDto {
  return {
    id: n._id.toString(),
    recipientId: n.recipient.toString(),
    title: n.title,
    message: n.message,
    type: n.type,
    link: n.link ?? null,
    status: n.status,
    createdAt: n.createdAt.toISOString(),
  };
}
