import { describe, expect, it } from "vitest";
import type { ConversationDto, MessageDto } from "@/contracts/dto";
import {
  applyMessageToConversations,
  applyStatus,
  laterStatus,
  mergeMessages,
  newestStoredId,
  totalUnread,
  unreadFrom,
  type ChatMessage,
} from "@/lib/client/chatMerge";

const msg = (id: string, second: number, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  conversationId: "c1",
  senderId: "me",
  clientId: `client-${id}`,
  content: `text ${id}`,
  status: "sent",
  createdAt: new Date(Date.UTC(2026, 0, 1, 10, 0, second)).toISOString(),
  ...over,
});

describe("mergeMessages", () => {
  it("replaces an optimistic message with the stored one that has its clientId", () => {
    const pending = msg("local:x", 5, { clientId: "x", status: "pending" });
    const stored = msg("m9", 6, { clientId: "x", status: "sent" });
    const merged = mergeMessages([msg("m1", 1), pending], [stored]);
    expect(merged.map((m) => [m.id, m.status])).toEqual([["m1", "sent"], ["m9", "sent"]]);
  });

  it("keeps the stored message when a stale optimistic copy arrives later", () => {
    const stored = msg("m9", 6, { clientId: "x", status: "delivered" });
    const merged = mergeMessages([stored], [msg("local:x", 5, { clientId: "x", status: "pending" })]);
    expect(merged).toEqual([stored]);
  });

  it("never duplicates a message pushed twice, and sorts oldest first", () => {
    const merged = mergeMessages([msg("m2", 2)], [msg("m1", 1), msg("m2", 2), msg("m1", 1)]);
    expect(merged.map((m) => m.id)).toEqual(["m1", "m2"]);
  });

  it("does not confuse equal clientIds of different senders", () => {
    const merged = mergeMessages([msg("m1", 1, { clientId: "same" })], [msg("m2", 2, { clientId: "same", senderId: "other" })]);
    expect(merged).toHaveLength(2);
  });

  it("lets a status only move forward when the same message arrives again", () => {
    const read = msg("m1", 1, { status: "read" });
    expect(mergeMessages([read], [msg("m1", 1, { status: "sent" })])[0]?.status).toBe("read");
    expect(mergeMessages([msg("m1", 1)], [msg("m1", 1, { status: "delivered" })])[0]?.status).toBe("delivered");
  });
});

describe("statuses", () => {
  it("orders sent -> delivered -> read", () => {
    expect(laterStatus("sent", "delivered")).toBe("delivered");
    expect(laterStatus("read", "delivered")).toBe("read");
    expect(laterStatus("pending", "sent")).toBe("sent");
  });

  it("applies receipts to the named stored messages only, never backwards", () => {
    const list = [msg("m1", 1, { status: "read" }), msg("m2", 2), msg("local:z", 3, { status: "pending" })];
    expect(applyStatus(list, ["m1", "m2", "local:z"], "delivered")).toBe(1);
    expect(list.map((m) => m.status)).toEqual(["read", "delivered", "pending"]);
  });

  it("finds the newest stored id for a resync and what is unread from others", () => {
    const list = [msg("m1", 1, { senderId: "you" }), msg("m2", 2, { senderId: "you", status: "read" }), msg("local:z", 3, { status: "pending" })];
    expect(newestStoredId(list)).toBe("m2");
    expect(newestStoredId([])).toBeNull();
    expect(unreadFrom(list, "me")).toEqual(["m1"]);
  });
});

describe("applyMessageToConversations", () => {
  const conversation = (id: string, minute: number, unreadCount = 0): ConversationDto => ({
    id, kind: "direct", participants: [], lastMessage: null, unreadCount,
    updatedAt: new Date(Date.UTC(2026, 0, 1, 9, minute)).toISOString(),
  });
  const pushed = (over: Partial<MessageDto>): MessageDto => ({ ...msg("m5", 30), status: "sent", ...over });

  it("moves the conversation to the top with the new preview and counts messages from others", () => {
    const list = [conversation("c2", 5), conversation("c1", 1)];
    expect(applyMessageToConversations(list, pushed({ senderId: "you" }), "me")).toBe(true);
    expect(list.map((c) => c.id)).toEqual(["c1", "c2"]);
    expect(list[0]?.lastMessage?.id).toBe("m5");
    expect(totalUnread(list)).toBe(1);
    // The same push again (another listener, a resend) is not counted twice.
    applyMessageToConversations(list, pushed({ senderId: "you" }), "me");
    expect(totalUnread(list)).toBe(1);
  });

  it("does not count one's own messages and reports unknown conversations", () => {
    const list = [conversation("c1", 1)];
    applyMessageToConversations(list, pushed({}), "me");
    expect(list[0]?.unreadCount).toBe(0);
    expect(applyMessageToConversations(list, pushed({ conversationId: "c9" }), "me")).toBe(false);
  });
});
