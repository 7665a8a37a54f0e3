import type { ConversationDto, UserDto } from "@/contracts/dto";

/** Who "the other side" of a conversation is, for its title and presence dot. */
export interface ChatPeer {
  /** A user id for presence, or null for "Support" (the admins as a group). */
  id: string | null;
  name: string;
}

export function peerOf(conversation: ConversationDto, me: Pick<UserDto, "id" | "role">): ChatPeer {
  const other = conversation.participants.find((p) => p.id !== me.id);
  if (conversation.kind === "support" && me.role !== "admin") return { id: null, name: "Support" };
  if (conversation.kind === "support") return { id: other?.id ?? null, name: `${other?.name ?? "Someone"} (support)` };
  return { id: other?.id ?? null, name: other?.name ?? "Unknown user" };
}

/** The direct conversation with a given user, if one exists. */
export function conversationWith(list: readonly ConversationDto[], userId: string): ConversationDto | undefined {
  return list.find((c) => c.kind === "direct" && c.participants.some((p) => p.id === userId));
}

export function previewOf(conversation: ConversationDto, meId: string): string {
  const last = conversation.lastMessage;
  if (!last) return "No messages yet";
  return `${last.senderId === meId ? "You: " : ""}${last.content}`;
}
