import { z } from "zod";
import { MAX_MESSAGE_LENGTH } from "./limits";

export { MAX_MESSAGE_LENGTH };

/** Validation for every REST body and socket payload. Strings are plain strings, so `{ "$gt": "" }` never passes. */

export const objectId = z.string().regex(/^[0-9a-f]{24}$/i, "must be a 24-character hex id");
const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

// ---- REST bodies ----
export const registerBody = z.strictObject({
  name: trimmed(1, 80),
  email: z.email().max(254).transform((e) => e.toLowerCase()),
  password: z.string().min(8).max(200),
});
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.strictObject({
  email: z.string().trim().max(254).transform((e) => e.toLowerCase()),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof loginBody>;

export const reviewBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  text: trimmed(1, 2000),
});
export type ReviewBody = z.infer<typeof reviewBody>;

export const commentBody = z.strictObject({
  text: trimmed(1, 2000),
  parentId: objectId.nullish(),
  /** The moment of the lesson's video a question is about, in whole seconds (questions only). */
  videoTime: z.number().int().min(0).max(86_400).nullish(),
});
export type CommentBody = z.infer<typeof commentBody>;

export const notificationsQuery = z.strictObject({
  scope: z.enum(["mine", "all"]).default("mine"),
  before: z.iso.datetime().optional(),
  since: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type NotificationsQuery = z.infer<typeof notificationsQuery>;

export const historyQuery = z.strictObject({
  before: objectId.optional(),
  after: objectId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type HistoryQuery = z.infer<typeof historyQuery>;

// ---- socket payloads ----
export const messagePayload = z
  .object({
    recipientId: objectId.optional(),
    conversationId: objectId.optional(),
    content: z.string().trim().min(1, "message is empty").max(MAX_MESSAGE_LENGTH),
    /** The sender's id for this send (1-64 of A-Z a-z 0-9 _ -): a retry with it is answered, not stored twice. Optional (seed 002 sends none): the server then assigns one and the send is not idempotent. */
    clientId: z.string().min(1).max(64).regex(/^[\w-]+$/, "clientId: 1-64 letters, digits, _ or -").optional(),
  })
  .refine((p) => (p.recipientId ? 1 : 0) + (p.conversationId ? 1 : 0) === 1, {
    message: "give exactly one of recipientId or conversationId",
  });
export type MessagePayload = z.infer<typeof messagePayload>;

export const markAsReadPayload = z.union([
  z.object({ messageId: objectId }),
  z.object({ conversationId: objectId }),
]);
export type MarkAsReadPayload = z.infer<typeof markAsReadPayload>;

export const typingPayload = z.object({ conversationId: objectId, isTyping: z.boolean() });
export type TypingPayload = z.infer<typeof typingPayload>;

/** A recipient's client confirms it received these messages (delivery receipts, SPEC F5). */
export const messageDeliveredPayload = z.object({ messageIds: z.array(objectId).min(1).max(100) });
export type MessageDeliveredPayload = z.infer<typeof messageDeliveredPayload>;

/** A chat window is open (join) or closed (leave): no "new message" notification while open. */
export const conversationPayload = z.object({ conversationId: objectId });
export type ConversationPayload = z.infer<typeof conversationPayload>;

export const announcementPayload = z.object({
  title: trimmed(1, 120),
  message: trimmed(1, 1000),
  userId: objectId.optional(),
  toAdmin: z.boolean().optional(),
});
export type AnnouncementPayload = z.infer<typeof announcementPayload>;

export const userStatusPayload = z.boolean();
export const getUsersStatusPayload = z.array(objectId).max(200);
export const videoPayload = z.object({ videoId: objectId });
export const coursePayload = z.object({ courseId: objectId });
export const lessonPayload = z.object({ lessonId: objectId });

/** GET /api/courses/:id/reviews: newest first; `before` (ISO, exclusive) pages to older ones. */
export const reviewsQuery = z.strictObject({
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type ReviewsQuery = z.infer<typeof reviewsQuery>;
