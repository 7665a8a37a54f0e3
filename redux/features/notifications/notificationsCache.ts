import type { NotificationDto } from "@/contracts/dto";
import type { NotificationsResponse } from "@/contracts/rest";

/** Pure helpers for the notifications cache: pushes and REST answers merge by id, never twice. */

/** The cached GET /api/notifications answer, kept live by socket pushes. */
export type NotificationsList = NotificationsResponse;

const newestFirst = (a: NotificationDto, b: NotificationDto) =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

export const countUnread = (items: readonly NotificationDto[]): number =>
  items.reduce((n, item) => (item.status === "unread" ? n + 1 : n), 0);

const countUnreadChat = (items: readonly NotificationDto[]): number =>
  items.reduce((n, item) => (item.status === "unread" && item.type === "chat_message" ? n + 1 : n), 0);

/** What the bell counts: unread notifications that are not chat notices (those are the Messages badge's). */
export const bellCount = (list: NotificationsList): number =>
  Math.max(0, list.unreadCount - (list.unreadChatCount ?? 0));

/**
 * Merges incoming notifications into a list: known ids are replaced (a read status wins over
 * unread, so a late push never resurrects a badge), new ones added, and the result sorted newest first.
 */
export function mergeNotifications(
  current: readonly NotificationDto[],
  incoming: readonly NotificationDto[],
): NotificationDto[] {
  const byId = new Map(current.map((n) => [n.id, n]));
  for (const next of incoming) {
    const known = byId.get(next.id);
    const status = known?.status === "read" ? "read" : next.status;
    byId.set(next.id, { ...next, status });
  }
  return [...byId.values()].sort(newestFirst);
}

/** Marks the given ids (or everything) read. */
export function markRead(items: readonly NotificationDto[], ids: readonly string[] | "all"): NotificationDto[] {
  const wanted = ids === "all" ? null : new Set(ids);
  return items.map((n) =>
    n.status === "unread" && (wanted === null || wanted.has(n.id)) ? { ...n, status: "read" } : n,
  );
}

/*
 * The server's unreadCount may cover more than the page it sent, so the cache adjusts it by the
 * difference in the list rather than recounting.
 */

/** Immer-friendly: applies pushed notifications to a cached list in place. Returns the ids that were new. */
export function applyPushed(draft: NotificationsList, pushed: readonly NotificationDto[]): string[] {
  const known = new Set(draft.notifications.map((n) => n.id));
  const before = countUnread(draft.notifications);
  const chatBefore = countUnreadChat(draft.notifications);
  draft.notifications = mergeNotifications(draft.notifications, pushed);
  draft.unreadCount = Math.max(0, draft.unreadCount + countUnread(draft.notifications) - before);
  draft.unreadChatCount = Math.max(0, (draft.unreadChatCount ?? 0) + countUnreadChat(draft.notifications) - chatBefore);
  return pushed.filter((n) => !known.has(n.id)).map((n) => n.id);
}

export function applyRead(draft: NotificationsList, ids: readonly string[] | "all"): void {
  const before = countUnread(draft.notifications);
  const chatBefore = countUnreadChat(draft.notifications);
  draft.notifications = markRead(draft.notifications, ids);
  draft.unreadCount =
    ids === "all" ? 0 : Math.max(0, draft.unreadCount - (before - countUnread(draft.notifications)));
  draft.unreadChatCount =
    ids === "all" ? 0 : Math.max(0, (draft.unreadChatCount ?? 0) - (chatBefore - countUnreadChat(draft.notifications)));
}
