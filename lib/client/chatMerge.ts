import type { ConversationDto, MessageDto, MessageStatus } from "@/contracts/dto";

/** Pure helpers for the chat caches (unit-tested): merge by id or clientId, statuses only move forward. */

/** A message as the UI holds it: a stored one, or an optimistic one not acknowledged yet. */
export type ChatStatus = MessageStatus | "pending" | "failed";
export interface ChatMessage extends Omit<MessageDto, "status"> {
  status: ChatStatus;
}

const RANK: Record<ChatStatus, number> = { failed: 0, pending: 1, sent: 2, delivered: 3, read: 4 };

/** The further of two statuses (sent -> delivered -> read never goes back). */
export function laterStatus(a: ChatStatus, b: ChatStatus): ChatStatus {
  return RANK[b] > RANK[a] ? b : a;
}

const isStored = (m: ChatMessage) => m.status !== "pending" && m.status !== "failed";
const chronological = (a: ChatMessage, b: ChatMessage) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * Merges incoming messages into a list: one entry per clientId (a stored message replaces its
 * optimistic twin) and per id; a known message keeps the furthest status. Sorted oldest first.
 */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const byKey = new Map<string, ChatMessage>();
  const idToKey = new Map<string, string>();
  for (const message of [...current, ...incoming]) {
    const key = idToKey.get(message.id) ?? `${message.senderId}:${message.clientId}`;
    const known = byKey.get(key);
    let next = message;
    if (known) {
      // A stored message beats an optimistic one; between stored ones the furthest status wins.
      const base = isStored(known) && !isStored(message) ? known : message;
      next = isStored(known) && isStored(message) ? { ...base, status: laterStatus(known.status, message.status) } : base;
    }
    byKey.set(key, next);
    idToKey.set(next.id, key);
  }
  return [...byKey.values()].sort(chronological);
}

/** Applies a `messageStatus` receipt in place (Immer drafts welcome); returns how many changed. */
export function applyStatus(messages: ChatMessage[], ids: readonly string[], status: MessageStatus): number {
  const wanted = new Set(ids);
  let changed = 0;
  for (const m of messages) {
    if (wanted.has(m.id) && isStored(m) && laterStatus(m.status, status) !== m.status) {
      m.status = status;
      changed++;
    }
  }
  return changed;
}

/** The newest stored message id (the `after` cursor of a resync), or null. */
export function newestStoredId(messages: readonly ChatMessage[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && isStored(m)) return m.id;
  }
  return null;
}

/** Ids of messages someone else sent to `me` that are not read yet. */
export function unreadFrom(messages: readonly ChatMessage[], me: string): string[] {
  return messages.filter((m) => m.senderId !== me && isStored(m) && m.status !== "read").map((m) => m.id);
}

/**
 * Applies a pushed message to the conversations list in place. Returns false when the
 * conversation is unknown (the caller refetches the list).
 */
export function applyMessageToConversations(list: ConversationDto[], message: MessageDto, me: string): boolean {
  const index = list.findIndex((c) => c.id === message.conversationId);
  const conversation = list[index];
  if (!conversation) return false;
  const isNewer = !conversation.lastMessage || conversation.lastMessage.createdAt <= message.createdAt;
  const isRepeat = conversation.lastMessage?.id === message.id;
  if (isNewer) {
    conversation.lastMessage = message;
    if (message.createdAt > conversation.updatedAt) conversation.updatedAt = message.createdAt;
  }
  if (message.senderId !== me && !isRepeat && message.status !== "read") conversation.unreadCount += 1;
  list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return true;
}

export const totalUnread = (list: readonly ConversationDto[]): number =>
  list.reduce((sum, c) => sum + c.unreadCount, 0);
