import { describe, expect, it } from "vitest";
import { conversationPayload, markAsReadPayload, messageDeliveredPayload, messagePayload } from "@/contracts/schemas";
import { directKey, supportKey } from "@/models/Conversation";
import { statusesBefore } from "@/models/Message";
import { audienceOf, chatRule, isMember, preview, receivedBy, recipientsOf, type ConversationRef } from "@/server/services/chat/rules";

const learner = { id: "l1", role: "learner" as const };
const learner2 = { id: "l2", role: "learner" as const };
const instructor = { id: "i1", role: "instructor" as const };
const instructor2 = { id: "i2", role: "instructor" as const };
const admin = { id: "a1", role: "admin" as const };
const admin2 = { id: "a2", role: "admin" as const };
const direct: ConversationRef = { id: "c1", kind: "direct", participants: ["l1", "i1"] };
const support: ConversationRef = { id: "c2", kind: "support", participants: ["l2"] };

describe("chatRule: who may open a conversation with whom", () => {
  it("learner and instructor talk directly (the purchase is checked against the database)", () => {
    expect(chatRule(learner, instructor)).toEqual({ kind: "direct", learnerId: "l1", instructorId: "i1" });
    expect(chatRule(instructor, learner)).toEqual({ kind: "direct", learnerId: "l1", instructorId: "i1" });
  });
  it("anyone writing to an admin opens their own support conversation; an admin writing opens the user's", () => {
    expect(chatRule(learner, admin)).toEqual({ kind: "support", requesterId: "l1" });
    expect(chatRule(instructor, admin2)).toEqual({ kind: "support", requesterId: "i1" });
    expect(chatRule(admin, learner2)).toEqual({ kind: "support", requesterId: "l2" });
  });
  it("refuses peers and oneself", () => {
    expect(chatRule(learner, learner2)).toBeNull();
    expect(chatRule(instructor, instructor2)).toBeNull();
    expect(chatRule(admin, admin2)).toBeNull();
    expect(chatRule(learner, learner)).toBeNull();
  });
});

describe("membership and receipts", () => {
  it("direct: its two users; support: the requester and every admin", () => {
    expect([isMember(learner, direct), isMember(instructor, direct), isMember(learner2, direct), isMember(admin, direct)]).toEqual([true, true, false, false]);
    expect([isMember(learner2, support), isMember(admin, support), isMember(admin2, support), isMember(learner, support)]).toEqual([true, true, true, false]);
  });
  it("only messages someone else wrote to you count as received", () => {
    expect(receivedBy(instructor, direct, "l1")).toBe(true);
    expect(receivedBy(learner, direct, "l1")).toBe(false);
    expect(receivedBy(learner2, direct, "l1")).toBe(false);
    expect(receivedBy(admin, support, "l2")).toBe(true);
    expect(receivedBy(admin, support, "a2")).toBe(false); // another admin's reply
    expect(receivedBy(learner2, support, "a2")).toBe(true);
  });
  it("recipients and audience of a message", () => {
    expect(recipientsOf(direct, "l1", ["a1"])).toEqual(["i1"]);
    expect(recipientsOf(support, "l2", ["a1", "a2"])).toEqual(["a1", "a2"]);
    expect(recipientsOf(support, "a1", ["a1", "a2"])).toEqual(["l2"]);
    expect(audienceOf(direct)).toEqual([{ users: ["l1", "i1"] }]);
    expect(audienceOf(support)).toEqual([{ users: ["l2"] }, { admins: true }]);
  });
  it("statuses only move forward", () => {
    expect(statusesBefore("sent")).toEqual([]);
    expect(statusesBefore("delivered")).toEqual(["sent"]);
    expect(statusesBefore("read")).toEqual(["sent", "delivered"]);
  });
  it("conversation keys are order-independent and unique per support requester", () => {
    expect(directKey("b", "a")).toBe(directKey("a", "b"));
    expect(supportKey("x")).not.toBe(supportKey("y"));
  });
  it("notification previews are one bounded line", () => {
    expect(preview("  hello\n\nworld  ")).toBe("hello world");
    expect(preview("x".repeat(500))).toHaveLength(120);
  });
});

describe("chat payload schemas", () => {
  const id = "65f1c0ffee0000000000abcd";
  it("message content: trimmed, non-empty, at most 4000 characters; no operators", () => {
    const base = { recipientId: id, clientId: "client-123" };
    expect(messagePayload.parse({ ...base, content: "  hi  " }).content).toBe("hi");
    expect(messagePayload.safeParse({ ...base, content: "   " }).success).toBe(false);
    expect(messagePayload.safeParse({ ...base, content: "x".repeat(4000) }).success).toBe(true);
    expect(messagePayload.safeParse({ ...base, content: "x".repeat(4001) }).success).toBe(false);
    expect(messagePayload.safeParse({ ...base, content: { $gt: "" } }).success).toBe(false);
    expect(messagePayload.safeParse({ ...base, recipientId: { $ne: null }, content: "x" }).success).toBe(false);
    expect(messagePayload.parse({ ...base, content: "x", senderId: id })).not.toHaveProperty("senderId");
  });
  it("receipts and rooms take ids only", () => {
    expect(markAsReadPayload.safeParse({ conversationId: id }).success).toBe(true);
    expect(markAsReadPayload.safeParse({ messageId: { $gt: "" } }).success).toBe(false);
    expect(messageDeliveredPayload.safeParse({ messageIds: [] }).success).toBe(false);
    expect(messageDeliveredPayload.safeParse({ messageIds: Array.from({ length: 101 }, () => id) }).success).toBe(false);
    expect(conversationPayload.safeParse({ conversationId: "nope" }).success).toBe(false);
  });
});
