import type { NotificationDto } from "@/contracts/dto";

/**
 * Similar notifications shown as one row, as GitHub and Linear do: "3 new messages from Leo",
 * "5 purchases of Realtime Apps". Pure, unit-tested. A group sits where its newest member is.
 */
export interface NotificationGroup {
  key: string;
  /** Newest first; the first is what the row shows and links to. */
  items: NotificationDto[];
  /** The row's title: the notification's own for one, a summary for several. */
  title: string;
  unread: boolean;
}

/** The course title of a purchase or review message (`... bought "Title"`, `... rated "Title" 5/5`). */
const quoted = (message: string) => /"([^"]+)"/.exec(message)?.[1] ?? "";

function groupKey(n: NotificationDto): string {
  switch (n.type) {
    case "course_purchased":
    case "new_review":
      return `${n.type}:${quoted(n.message)}`;
    case "chat_message":
    case "reply":
    case "new_question":
      return `${n.type}:${n.link ?? ""}:${n.title}`;
    default:
      return `one:${n.id}`;
  }
}

function summary(first: NotificationDto, count: number): string {
  if (count === 1) return first.title;
  switch (first.type) {
    case "course_purchased":
      return `${String(count)} purchases of ${quoted(first.message)}`;
    case "new_review":
      return `${String(count)} new reviews of ${quoted(first.message)}`;
    case "chat_message":
      return first.title.replace(/^New message/, `${String(count)} new messages`);
    case "reply":
      return `${String(count)} new replies to your question`;
    case "new_question":
      return `${String(count)} new questions on this lesson`;
    default:
      return first.title;
  }
}

/** Groups a newest-first list; the groups keep that order. */
export function groupNotifications(list: readonly NotificationDto[]): NotificationGroup[] {
  const groups = new Map<string, NotificationDto[]>();
  for (const n of list) {
    const key = groupKey(n);
    const items = groups.get(key);
    if (items) items.push(n);
    else groups.set(key, [n]);
  }
  return [...groups].map(([key, items]) => {
    const first = items[0] as NotificationDto;
    return { key, items, title: summary(first, items.length), unread: items.some((n) => n.status === "unread") };
  });
}
