import type { ChatMessage } from "./chatMerge";

/**
 * How a conversation's history is laid out (pure, unit-tested), as Slack and Intercom do:
 * a divider per day ("Today", "Yesterday", a date), a "New messages" line above the first message
 * that was unread when the conversation opened, and runs of consecutive messages from one sender
 * (same day, less than RUN_GAP_MS apart) that show the sender once and the time once, at the end.
 */

export const RUN_GAP_MS = 5 * 60 * 1000;

export type ChatRow =
  | { kind: "day"; key: string; label: string }
  | { kind: "unread"; key: string }
  | { kind: "message"; key: string; message: ChatMessage; own: boolean; runStart: boolean; runEnd: boolean };

const dayKey = (d: Date) => `${String(d.getFullYear())}-${String(d.getMonth() + 1)}-${String(d.getDate())}`;

/** "Today", "Yesterday", "Monday 1 December" (this year) or "1 December 2025". */
export function dayLabel(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (dayKey(date) === dayKey(now)) return "Today";
  if (dayKey(date) === dayKey(yesterday)) return "Yesterday";
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleDateString("en-GB", sameYear
    ? { weekday: "long", day: "numeric", month: "long" }
    : { day: "numeric", month: "long", year: "numeric" });
}

/** The first message from someone else that is not read yet (the "New messages" line goes above it). */
export function firstUnreadId(messages: readonly ChatMessage[], me: string): string | null {
  const first = messages.find((m) => m.senderId !== me && (m.status === "sent" || m.status === "delivered"));
  return first?.id ?? null;
}

export function chatRows(messages: readonly ChatMessage[], me: string, unreadFromId: string | null, now: Date = new Date()): ChatRow[] {
  const rows: ChatRow[] = [];
  let previous: ChatMessage | undefined;
  let lastMessageRow: Extract<ChatRow, { kind: "message" }> | undefined;
  for (const message of messages) {
    const when = new Date(message.createdAt);
    const newDay = !previous || dayKey(new Date(previous.createdAt)) !== dayKey(when);
    const unreadLine = message.id === unreadFromId;
    if (newDay) rows.push({ kind: "day", key: `day:${dayKey(when)}`, label: dayLabel(message.createdAt, now) });
    if (unreadLine) rows.push({ kind: "unread", key: "unread" });
    const continues = !!previous && !newDay && !unreadLine && previous.senderId === message.senderId &&
      when.getTime() - new Date(previous.createdAt).getTime() < RUN_GAP_MS;
    if (!continues && lastMessageRow) lastMessageRow.runEnd = true;
    const row: Extract<ChatRow, { kind: "message" }> = {
      kind: "message", key: `${message.senderId}:${message.clientId}`, message, own: message.senderId === me,
      runStart: !continues, runEnd: false,
    };
    rows.push(row);
    lastMessageRow = row;
    previous = message;
  }
  if (lastMessageRow) lastMessageRow.runEnd = true;
  return rows;
}
