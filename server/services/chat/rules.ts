import type { Role } from "@/contracts/dto";
import type { ConversationDoc, ConversationKind } from "@/models/Conversation";
import type { Audience } from "../events";

/** Who may chat with whom, and who belongs to a conversation (SPEC F5). Pure: no database here. */

export interface Party {
  id: string;
  role: Role;
}

export interface ConversationRef {
  id: string;
  kind: ConversationKind;
  /** direct: both users; support: the requester alone. */
  participants: string[];
}

export type ChatRule =
  | { kind: "support"; requesterId: string }
  | { kind: "direct"; learnerId: string; instructorId: string }
  | null;

/**
 * The conversation `me` writing to `other` would use, or null when it is not allowed.
 * - anyone (but an admin) writing to an admin: the writer's support conversation (every admin answers);
 * - an admin writing to a non-admin: that user's support conversation;
 * - a learner and an instructor: a direct conversation, if the learner bought one of the instructor's
 *   courses (checked by the caller: it needs the database);
 * - anything else (learner to learner, instructor to instructor, admin to admin, oneself): null.
 */
export function chatRule(me: Party, other: Party): ChatRule {
  if (me.id === other.id) return null;
  if (me.role === "admin" && other.role === "admin") return null;
  if (other.role === "admin") return { kind: "support", requesterId: me.id };
  if (me.role === "admin") return { kind: "support", requesterId: other.id };
  if (me.role === "learner" && other.role === "instructor") return { kind: "direct", learnerId: me.id, instructorId: other.id };
  if (me.role === "instructor" && other.role === "learner") return { kind: "direct", learnerId: other.id, instructorId: me.id };
  return null;
}

/** Direct: its two users. Support: its requester and every admin. */
export function isMember(actor: Party, conv: ConversationRef): boolean {
  if (conv.kind === "support" && actor.role === "admin") return true;
  return conv.participants.includes(actor.id);
}

/** The requester of a support conversation (its only stored participant). */
export const requesterOf = (conv: ConversationRef): string | undefined =>
  conv.kind === "support" ? conv.participants[0] : undefined;

/**
 * Whether `actor` is a recipient of a message `senderId` wrote: never their own; in support, an admin
 * receives only the requester's messages (not another admin's replies).
 */
export function receivedBy(actor: Party, conv: ConversationRef, senderId: string): boolean {
  if (senderId === actor.id || !isMember(actor, conv)) return false;
  const requester = requesterOf(conv);
  if (requester !== undefined && actor.id !== requester) return senderId === requester;
  return true;
}

/** The users of a conversation other than `senderId` who receive a message (support: every admin id given). */
export function recipientsOf(conv: ConversationRef, senderId: string, adminIds: readonly string[]): string[] {
  const requester = requesterOf(conv);
  if (requester === undefined) return conv.participants.filter((id) => id !== senderId);
  return senderId === requester ? adminIds.filter((id) => id !== senderId) : [requester];
}

/** Every tab of every member: each participant's `user:<id>` room, plus `admin` for support. */
export function audienceOf(conv: ConversationRef): Audience[] {
  const members: Audience = { users: conv.participants };
  return conv.kind === "support" ? [members, { admins: true }] : [members];
}

export function toConversationRef(doc: Pick<ConversationDoc, "_id" | "kind" | "participants">): ConversationRef {
  return { id: doc._id.toString(), kind: doc.kind, participants: doc.participants.map((p) => p.toString()) };
}

/** Link of the coalesced "new chat message" notification of a conversation. */
export const conversationLink = (conversationId: string): string => `/messages/${conversationId}`;

/** A notification preview of a message: one line, at most `max` characters. */
export function preview(content: string, max = 120): string {
  const line = content.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
