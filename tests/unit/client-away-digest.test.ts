import { describe, expect, it } from "vitest";
import type { ConversationDto, NotificationDto } from "@/contracts/dto";
import { buildDigest } from "@/lib/client/awayDigest";
import { note } from "./support/notifications";

const SINCE = Date.UTC(2026, 0, 1, 10, 0);
const me = { id: "u1", role: "learner" as const };
const conv = (id: string, unreadCount: number, minute: number): ConversationDto => ({
  id, kind: "direct", unreadCount, updatedAt: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
  participants: [{ id: "u1", name: "Me", role: "learner" }, { id: `p-${id}`, name: `Peer ${id}`, role: "instructor" }],
  lastMessage: { id: `m-${id}`, clientId: "c", conversationId: id, senderId: `p-${id}`, content: "hi", status: "delivered", createdAt: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString() },
});
const reply = (id: string, minute: number, status: NotificationDto["status"] = "unread"): NotificationDto =>
  ({ ...note(id, minute, status), type: "reply", title: "New reply to your question", message: `Ivan: answer ${id}`, link: "/courses/c/lessons/l" });

describe("buildDigest", () => {
  it("counts unread messages per person and groups what arrived since the last visit, each with its link", () => {
    const lines = buildDigest(
      [reply("r2", 30), reply("r1", 20), reply("old", -5), reply("read", 25, "read"),
        { ...note("chat", 40), type: "chat_message", title: "New message from Peer a", link: "/messages/a" }],
      [conv("a", 3, 40), conv("b", 0, 41), conv("c", 2, -10)],
      me, SINCE,
    );
    expect(lines).toEqual([
      { key: "conversation:a", text: "3 messages from Peer a", href: "/messages/a" },
      { key: "reply:/courses/c/lessons/l:New reply to your question", text: "2 new replies to your question", href: "/courses/c/lessons/l" },
    ]);
  });

  it("is empty when nothing happened", () => {
    expect(buildDigest([reply("old", -1)], [conv("a", 0, 5)], me, SINCE)).toEqual([]);
  });
});
