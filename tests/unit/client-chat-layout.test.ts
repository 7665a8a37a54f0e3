import { describe, expect, it } from "vitest";
import type { ChatMessage } from "@/lib/client/chatMerge";
import { chatRows, dayLabel, firstUnreadId } from "@/lib/client/chatLayout";

const at = (day: number, hour: number, minute: number) => new Date(2026, 11, day, hour, minute).toISOString();
const msg = (id: string, senderId: string, createdAt: string, status: ChatMessage["status"] = "read"): ChatMessage => ({
  id, clientId: `c-${id}`, conversationId: "c1", senderId, content: id, status, createdAt,
});
const NOW = new Date(2026, 11, 6, 18, 0);

const shape = (rows: ReturnType<typeof chatRows>) => rows.map((r) =>
  r.kind === "message" ? `${r.message.id}${r.runStart ? "<" : ""}${r.runEnd ? ">" : ""}` : r.kind === "day" ? `[${r.label}]` : "--new--");

describe("dayLabel", () => {
  it("says Today, Yesterday, a weekday and date this year, a full date before", () => {
    expect(dayLabel(at(6, 9, 0), NOW)).toBe("Today");
    expect(dayLabel(at(5, 23, 59), NOW)).toBe("Yesterday");
    expect(dayLabel(at(1, 12, 0), NOW)).toBe("Tuesday 1 December");
    expect(dayLabel(new Date(2025, 2, 4, 12).toISOString(), NOW)).toBe("4 March 2025");
  });
});

describe("chatRows", () => {
  it("puts a divider before each day and groups one sender's consecutive messages into runs", () => {
    const rows = chatRows([
      msg("a", "leo", at(5, 10, 0)), msg("b", "leo", at(5, 10, 2)),
      msg("c", "me", at(5, 10, 3)),
      msg("d", "me", at(6, 9, 0)), msg("e", "me", at(6, 9, 20)), msg("f", "leo", at(6, 9, 21)),
    ], "me", null, NOW);
    expect(shape(rows)).toEqual(["[Yesterday]", "a<", "b>", "c<>", "[Today]", "d<>", "e<>", "f<>"]);
    const own = rows.filter((r) => r.kind === "message" && r.own).length;
    expect(own).toBe(3);
  });

  it("draws the New messages line above the first unread message and starts a new run there", () => {
    const messages = [msg("a", "leo", at(6, 9, 0)), msg("b", "leo", at(6, 9, 1), "delivered"), msg("c", "leo", at(6, 9, 2), "sent")];
    const unread = firstUnreadId(messages, "me");
    expect(unread).toBe("b");
    expect(shape(chatRows(messages, "me", unread, NOW))).toEqual(["[Today]", "a<>", "--new--", "b<", "c>"]);
  });

  it("never counts my own messages as unread", () => {
    expect(firstUnreadId([msg("a", "me", at(6, 9, 0), "sent")], "me")).toBeNull();
  });
});
