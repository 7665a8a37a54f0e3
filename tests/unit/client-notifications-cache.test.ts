import { describe, expect, it } from "vitest";
import {
  applyPushed,
  applyRead,
  countUnread,
  mergeNotifications,
  markRead,
  type NotificationsList,
} from "@/redux/features/notifications/notificationsCache";
import { note } from "./support/notifications";


describe("mergeNotifications", () => {
  it("adds a pushed notification newest first", () => {
    const merged = mergeNotifications([note("a", 1), note("b", 0)], [note("c", 5)]);
    expect(merged.map((n) => n.id)).toEqual(["c", "a", "b"]);
  });

  it("never duplicates a notification that arrives twice", () => {
    const once = mergeNotifications([note("a", 1)], [note("b", 2)]);
    const twice = mergeNotifications(once, [note("b", 2), note("b", 2)]);
    expect(twice.map((n) => n.id)).toEqual(["b", "a"]);
  });

  it("keeps a read status when a stale unread copy is pushed again", () => {
    const merged = mergeNotifications([note("a", 1, "read")], [note("a", 1, "unread")]);
    expect(merged[0]?.status).toBe("read");
  });
});

describe("markRead / countUnread", () => {
  const list = [note("a", 3), note("b", 2), note("c", 1, "read")];

  it("marks only the given ids", () => {
    const result = markRead(list, ["b"]);
    expect(result.map((n) => n.status)).toEqual(["unread", "read", "read"]);
    expect(countUnread(result)).toBe(1);
  });

  it("marks everything with 'all'", () => {
    expect(countUnread(markRead(list, "all"))).toBe(0);
  });
});

describe("cache drafts", () => {
  const cache = (): NotificationsList => ({ notifications: [note("a", 1), note("b", 0, "read")], unreadCount: 7 });

  it("a new unread push raises the server's unread count by one and reports it as new", () => {
    const draft = cache();
    expect(applyPushed(draft, [note("c", 2)])).toEqual(["c"]);
    expect(draft.unreadCount).toBe(8);
    expect(draft.notifications[0]?.id).toBe("c");
  });

  it("a duplicate push changes nothing", () => {
    const draft = cache();
    expect(applyPushed(draft, [note("a", 1)])).toEqual([]);
    expect(draft.unreadCount).toBe(7);
    expect(draft.notifications).toHaveLength(2);
  });

  it("reading lowers the count by what actually changed; 'all' clears it", () => {
    const draft = cache();
    applyRead(draft, ["a", "b", "unknown"]);
    expect(draft.unreadCount).toBe(6);
    applyRead(draft, "all");
    expect(draft.unreadCount).toBe(0);
  });
});
