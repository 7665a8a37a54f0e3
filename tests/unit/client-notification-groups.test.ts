import { describe, expect, it } from "vitest";
import type { NotificationDto } from "@/contracts/dto";
import { groupNotifications } from "@/lib/client/notificationGroups";
import { applyPushed, applyRead, bellCount, type NotificationsList } from "@/redux/features/notifications/notificationsCache";
import { note } from "./support/notifications";

const purchase = (id: string, minute: number, course: string, status: NotificationDto["status"] = "unread") =>
  ({ ...note(id, minute, status), title: "New purchase", message: `Learner ${id} bought "${course}"`, link: "/admin" });
const chat = (id: string, minute: number, from: string, status: NotificationDto["status"] = "unread"): NotificationDto =>
  ({ ...note(id, minute, status), type: "chat_message", title: `New message from ${from}`, message: "hi", link: `/messages/c-${from}` });

describe("groupNotifications", () => {
  it("folds purchases of one course and messages from one person into one row each, newest first", () => {
    const groups = groupNotifications([
      purchase("p3", 9, "Realtime Apps"), chat("m2", 8, "Leo"), purchase("p2", 7, "Realtime Apps"),
      purchase("x", 6, "Mongo Basics", "read"), chat("m1", 5, "Leo", "read"), purchase("p1", 4, "Realtime Apps", "read"),
    ]);
    expect(groups.map((g) => [g.title, g.items.length, g.unread])).toEqual([
      ["3 purchases of Realtime Apps", 3, true],
      ["2 new messages from Leo", 2, true],
      ["New purchase", 1, false],
    ]);
    expect(groups[0]?.items[0]?.id).toBe("p3");
  });

  it("never groups announcements", () => {
    const a = { ...note("a", 1), type: "announcement" as const, title: "Maintenance" };
    const b = { ...note("b", 2), type: "announcement" as const, title: "Maintenance" };
    expect(groupNotifications([b, a])).toHaveLength(2);
  });
});

describe("bellCount", () => {
  it("leaves chat notices to the Messages badge, also as they arrive and are read", () => {
    const list: NotificationsList = { notifications: [note("a", 1)], unreadCount: 1, unreadChatCount: 0 };
    applyPushed(list, [chat("m", 2, "Leo")]);
    expect([list.unreadCount, bellCount(list)]).toEqual([2, 1]);
    applyRead(list, ["m"]);
    expect([list.unreadCount, bellCount(list)]).toEqual([1, 1]);
    applyRead(list, "all");
    expect(bellCount(list)).toBe(0);
  });
});
