import { describe, expect, it } from "vitest";
import type { ConversationDto } from "@/contracts/dto";
import { conversationWith, peerOf, previewOf } from "@/lib/client/chatPeers";

const ivan = { id: "i1", name: "Ivan Instructor", role: "instructor" as const };
const leo = { id: "l2", name: "Leo Learner", role: "learner" as const };
const conversation = (over: Partial<ConversationDto>): ConversationDto => ({
  id: "c1", kind: "direct", participants: [ivan, leo], lastMessage: null, unreadCount: 0,
  updatedAt: "2026-01-01T10:00:00.000Z", ...over,
});

describe("chat peers", () => {
  it("names the other participant of a direct chat", () => {
    expect(peerOf(conversation({}), leo)).toEqual({ id: "i1", name: "Ivan Instructor" });
    expect(peerOf(conversation({}), ivan)).toEqual({ id: "l2", name: "Leo Learner" });
  });

  it("shows support as a group to the requester and the requester to admins", () => {
    const support = conversation({ kind: "support", participants: [leo] });
    expect(peerOf(support, leo)).toEqual({ id: null, name: "Support" });
    expect(peerOf(support, { id: "a1", role: "admin" })).toEqual({ id: "l2", name: "Leo Learner (support)" });
  });

  it("finds the direct conversation with a user, never a support one", () => {
    const list = [conversation({ id: "s", kind: "support", participants: [leo] }), conversation({ id: "d" })];
    expect(conversationWith(list, "i1")?.id).toBe("d");
    expect(conversationWith(list, "zz")).toBeUndefined();
  });

  it("prefixes one's own last message in the preview", () => {
    const last = { id: "m", conversationId: "c1", senderId: "l2", clientId: "x", content: "hi", status: "sent" as const, createdAt: "" };
    expect(previewOf(conversation({ lastMessage: last }), "l2")).toBe("You: hi");
    expect(previewOf(conversation({ lastMessage: last }), "i1")).toBe("hi");
    expect(previewOf(conversation({}), "i1")).toBe("No messages yet");
  });
});
