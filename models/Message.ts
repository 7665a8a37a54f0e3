/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types SchemaTypeOptions as a class, but schema definitions are plain option objects by design. */
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import type { MessageDto, MessageStatus } from "@/contracts/dto";
import { MAX_MESSAGE_LENGTH } from "@/contracts/schemas";

export const MessageStatuses = ["sent", "delivered", "read"] as const satisfies readonly MessageStatus[];

const messageSchema = new Schema(
  {
    conversation: { type: Schema.Types.ObjectId, ref: "Conversation", required: true },
    sender: { type: Schema.Types.ObjectId, ref: "User", required: true },
    clientId: { type: String, required: true, maxlength: 64 },
    content: { type: String, required: true, maxlength: MAX_MESSAGE_LENGTH },
    status: { type: String, enum: MessageStatuses, required: true, default: "sent" },
  },
  { timestamps: true },
);
// A retry with the same client id from the same sender is the same message: the index decides.
messageSchema.index({ sender: 1, clientId: 1 }, { unique: true });
// History pages and resync walk a conversation by _id.
messageSchema.index({ conversation: 1, _id: 1 });
messageSchema.index({ conversation: 1, status: 1 });

type MessageSchema = InferSchemaType<typeof messageSchema>;
export type MessageDoc = MessageSchema & { _id: Types.ObjectId };

const createMessageModel = () => mongoose.model("Message", messageSchema);
export const Message =
  (mongoose.models.Message as ReturnType<typeof createMessageModel> | undefined) ?? createMessageModel();

/** Statuses only move forward: the statuses a message may be in to move to `to`. */
export function statusesBefore(to: MessageStatus): MessageStatus[] {
  return MessageStatuses.slice(0, MessageStatuses.indexOf(to));
}

export function toMessageDto(m: MessageDoc): MessageDto {
  return {
    id: m._id.toString(),
    conversationId: m.conversation.toString(),
    senderId: m.sender.toString(),
    clientId: m.clientId,
    content: m.content,
    status: m.status,
    createdAt: m.createdAt.toISOString(),
  };
}
