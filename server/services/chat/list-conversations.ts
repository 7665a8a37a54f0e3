import { Types } from "mongoose";
import type { ConversationDto, PublicUserDto } from "@/contracts/dto";
import { Conversation, type ConversationDoc } from "@/models/Conversation";
import { Message, toMessageDto, type MessageDoc } from "@/models/Message";
import { User, toPublicUserDto } from "@/models/User";
import type { Actor } from "../../auth/actor";
import { receivedFilter } from "./conversations";
import { toConversationRef, type ConversationRef } from "./rules";

const MAX_CONVERSATIONS = 100;

/** GET /api/conversations: the caller's (admins: plus every support one), newest activity first. */
export async function listConversations(actor: Actor): Promise<{ conversations: ConversationDto[] }> {
  const me = new Types.ObjectId(actor.userId);
  const mine = actor.role === "admin" ? { $or: [{ participants: me }, { kind: "support" as const }] } : { participants: me };
  const docs = (await Conversation.find({ ...mine, lastMessageAt: { $ne: null } })
    .sort({ lastMessageAt: -1, _id: -1 })
    .limit(MAX_CONVERSATIONS)
    .lean()) as ConversationDoc[];
  const refs = docs.map(toConversationRef);
  const users = await publicUsers(refs.flatMap((c) => c.participants));
  const conversations = await Promise.all(
    docs.map(async (doc, i) => {
      const ref = refs[i] ?? toConversationRef(doc);
      const [last, unreadCount] = await Promise.all([
        Message.findOne({ conversation: doc._id }).sort({ _id: -1 }).lean() as Promise<MessageDoc | null>,
        unreadIn(actor, ref),
      ]);
      return toConversationDto(doc, ref, users, last, unreadCount);
    }),
  );
  // lastMessageAt moves at most once a minute (conversation-touch.ts): order by the last message.
  conversations.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
  return { conversations };
}

/** Messages the caller received in `conv` and has not read. */
export function unreadIn(actor: Actor, conv: ConversationRef): Promise<number> {
  return Message.countDocuments({
    conversation: new Types.ObjectId(conv.id),
    ...receivedFilter(actor, conv),
    status: { $ne: "read" },
  }).exec();
}

async function publicUsers(ids: string[]): Promise<Map<string, PublicUserDto>> {
  const unique = [...new Set(ids)].map((id) => new Types.ObjectId(id));
  const users = unique.length ? await User.find({ _id: { $in: unique } }, { name: 1, role: 1 }).lean() : [];
  return new Map(users.map((u) => [u._id.toString(), toPublicUserDto(u)]));
}

function toConversationDto(
  doc: ConversationDoc,
  ref: ConversationRef,
  users: Map<string, PublicUserDto>,
  last: MessageDoc | null,
  unreadCount: number,
): ConversationDto {
  return {
    id: ref.id,
    kind: ref.kind,
    participants: ref.participants.map((id) => users.get(id) ?? { id, name: "Deleted user", role: "learner" }),
    lastMessage: last ? toMessageDto(last) : null,
    unreadCount,
    updatedAt: (last?.createdAt ?? doc.lastMessageAt ?? doc.updatedAt).toISOString(),
  };
}
