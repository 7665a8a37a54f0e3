import type { ConversationDto, NotificationDto, UserDto } from "@/contracts/dto";
import { peerOf } from "./chatPeers";
import { groupNotifications } from "./notificationGroups";

/**
 * "While you were away" (SPEC F4): one card instead of a pile of toasts for a user back after an
 * hour or more. Built from what the app already holds: the conversations with unread messages
 * ("3 messages from Leo") and the unread notifications that arrived since the last visit, grouped
 * as the panel groups them (replies, questions, purchases and reviews of one course). Chat notices
 * are left out: the conversations already count those messages. Pure, unit-tested.
 */
export const AWAY_MS = 60 * 60 * 1000;

export interface DigestLine {
  key: string;
  text: string;
  href: string | null;
}

export function buildDigest(
  notifications: readonly NotificationDto[],
  conversations: readonly ConversationDto[],
  me: Pick<UserDto, "id" | "role">,
  since: number,
): DigestLine[] {
  const messages = conversations
    .filter((c) => c.unreadCount > 0 && c.lastMessage !== null && Date.parse(c.lastMessage.createdAt) > since)
    .map((c) => ({
      key: `conversation:${c.id}`,
      text: `${String(c.unreadCount)} ${c.unreadCount === 1 ? "message" : "messages"} from ${peerOf(c, me).name}`,
      href: `/messages/${c.id}`,
    }));
  const fresh = notifications.filter((n) => n.status === "unread" && n.type !== "chat_message" && Date.parse(n.createdAt) > since);
  const others = groupNotifications(fresh).map((g) => ({
    key: g.key,
    text: g.items.length > 1 ? g.title : `${g.title}: ${g.items[0]?.message ?? ""}`,
    href: g.items[0]?.link ?? null,
  }));
  return [...messages, ...others];
}

const storageKey = (userId: string) => `learnlive:last-seen:${userId}`;

/** When this user was last here (any tab), or null the first time. */
export function lastSeen(userId: string): number | null {
  try {
    const raw = localStorage.getItem(storageKey(userId));
    return raw ? Number(raw) : null;
  } catch {
    return null;
  }
}

export function markSeen(userId: string, at = Date.now()): void {
  try {
    localStorage.setItem(storageKey(userId), String(at));
  } catch {
    // Private mode: no digest, nothing else lost.
  }
}
