import { Types } from "mongoose";
import { Conversation, directKey, supportKey, type ConversationDoc } from "@/models/Conversation";
import { Course } from "@/models/Course";
import { Purchase } from "@/models/Purchase";
import { User } from "@/models/User";
import type { Actor } from "../../auth/actor";
import { forbidden, isDuplicateKey, notFound } from "../../errors";
import { caches } from "../caches";
import { relate } from "../presence/visibility";
import { chatRule, isMember, receivedBy, toConversationRef, type ConversationRef, type Party } from "./rules";

const oid = (id: string) => new Types.ObjectId(id);
export const partyOf = (actor: Actor): Party => ({ id: actor.userId, role: actor.role });

export interface ConversationTarget {
  kind: ConversationRef["kind"];
  key: string;
  participants: string[];
}

/** The conversation `actor` writing to `recipientId` would use; throws 404 (no such user) or 403. */
export async function targetFor(actor: Actor, recipientId: string): Promise<ConversationTarget> {
  const other = await User.findById(oid(recipientId), { role: 1 }).lean();
  if (!other) throw notFound("recipient");
  const rule = chatRule(partyOf(actor), { id: recipientId, role: other.role });
  if (!rule) throw forbidden("you may not message this user");
  if (rule.kind === "support") {
    return { kind: "support", key: supportKey(rule.requesterId), participants: [rule.requesterId] };
  }
  const taught = await Course.find({ instructor: oid(rule.instructorId) }, { _id: 1 }).lean();
  const bought = taught.length
    ? await Purchase.exists({ learner: oid(rule.learnerId), course: { $in: taught.map((c) => c._id) } })
    : null;
  if (!bought) throw forbidden("you can message the instructor of a course you bought");
  return { kind: "direct", key: directKey(rule.learnerId, rule.instructorId), participants: [rule.learnerId, rule.instructorId] };
}

/**
 * Finds or creates the conversation for a target (the unique `key` settles concurrent creations). The
 * ref is remembered, so the messages that follow by `conversationId` need no lookup.
 */
export async function openConversation(target: ConversationTarget): Promise<ConversationRef> {
  const existing = await Conversation.findOne({ key: target.key }, { kind: 1, participants: 1 }).lean();
  if (existing) return remembered(toConversationRef(existing));
  try {
    const created = await Conversation.create({ kind: target.kind, key: target.key, participants: target.participants.map(oid) });
    const [a, b] = target.participants;
    if (target.kind === "direct" && a && b) relate(a, b);
    return remembered(toConversationRef(created));
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const raced = await Conversation.findOne({ key: target.key }, { kind: 1, participants: 1 }).lean();
    if (!raced) throw e;
    return remembered(toConversationRef(raced));
  }
}

/** An existing conversation, if any, between `actor` and `recipientId` (404 when they may not talk). */
export async function existingConversationWith(actor: Actor, recipientId: string): Promise<ConversationRef | null> {
  let target: ConversationTarget;
  try {
    target = await targetFor(actor, recipientId);
  } catch {
    throw notFound("conversation");
  }
  const doc = await Conversation.findOne({ key: target.key }, { kind: 1, participants: 1 }).lean();
  return doc ? toConversationRef(doc) : null;
}

/** A conversation `actor` belongs to; anyone else gets 404 (its existence is not revealed). */
export async function memberConversation(actor: Actor, conversationId: string): Promise<ConversationRef> {
  const conv = await conversationRefs().get(conversationId, async () => {
    const doc = (await Conversation.findById(oid(conversationId), { kind: 1, participants: 1 }).lean()) as
      | Pick<ConversationDoc, "_id" | "kind" | "participants">
      | null;
    return doc ? toConversationRef(doc) : null;
  });
  if (!conv || !isMember(partyOf(actor), conv)) throw notFound("conversation");
  return conv;
}

/** A conversation's kind and participants never change once created: cached by id (misses briefly). */
const conversationRefs = () => caches.conversationRefs<ConversationRef>();

function remembered(ref: ConversationRef): ConversationRef {
  conversationRefs().set(ref.id, ref);
  return ref;
}

/** Mongo filter on `sender` for the messages of `conv` that `actor` received (see rules.receivedBy). */
export function receivedFilter(actor: Actor, conv: ConversationRef): { sender: Types.ObjectId | { $ne: Types.ObjectId } } {
  const requester = conv.kind === "support" ? conv.participants[0] : undefined;
  if (requester !== undefined && requester !== actor.userId) return { sender: oid(requester) };
  return { sender: { $ne: oid(actor.userId) } };
}

/** Whether `actor` received a message from `senderId` in `conv`. */
export const received = (actor: Actor, conv: ConversationRef, senderId: string): boolean =>
  receivedBy(partyOf(actor), conv, senderId);
