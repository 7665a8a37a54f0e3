/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types SchemaTypeOptions as a class, but schema definitions are plain option objects by design. */
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";

export const ConversationKinds = ["direct", "support"] as const;
export type ConversationKind = (typeof ConversationKinds)[number];

/**
 * A chat (SPEC F5). `direct`: `participants` are the two users (a learner and an instructor).
 * `support`: `participants` is the requesting user alone; the admins, as a group, are the other side.
 * `key` is unique ("direct:<lowId>:<highId>" or "support:<userId>"), so find-or-create is race-free.
 * Read state lives on the messages (`Message.status`).
 */
const conversationSchema = new Schema(
  {
    kind: { type: String, enum: ConversationKinds, required: true },
    key: { type: String, required: true, unique: true },
    participants: { type: [Schema.Types.ObjectId], ref: "User", required: true },
    lastMessageAt: { type: Date, default: null },
  },
  { timestamps: true },
);
// "My conversations, newest activity first", and (admins) "every support conversation".
conversationSchema.index({ participants: 1, lastMessageAt: -1 });
conversationSchema.index({ kind: 1, lastMessageAt: -1 });

type ConversationSchema = InferSchemaType<typeof conversationSchema>;
export type ConversationDoc = ConversationSchema & { _id: Types.ObjectId };

const createConversationModel = () => mongoose.model("Conversation", conversationSchema);
export const Conversation =
  (mongoose.models.Conversation as ReturnType<typeof createConversationModel> | undefined) ?? createConversationModel();

export const directKey = (a: string, b: string): string => (a < b ? `direct:${a}:${b}` : `direct:${b}:${a}`);
export const supportKey = (requesterId: string): string => `support:${requesterId}`;
