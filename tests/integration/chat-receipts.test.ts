import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationsResponse, MessagesPageResponse } from "@/contracts/rest";
import { buyFirstCourse, freshLearner, sendOk } from "./support/chat";
import { Api, connect, DEMO, emitAck, loginAs, nextEvent, record, settle, useTestServer } from "./support/harness";

const t = useTestServer();
let learner: Awaited<ReturnType<typeof loginAs>>;
let instructor: Awaited<ReturnType<typeof loginAs>>;
let stranger: Awaited<ReturnType<typeof loginAs>>;
beforeAll(async () => {
  [learner, instructor, stranger] = await Promise.all([
    loginAs(t.url, DEMO.learner1),
    loginAs(t.url, DEMO.instructor),
    freshLearner(t.url),
  ]);
  await buyFirstCourse(learner);
});

const toInstructor = () => ({ recipientId: instructor.user.id });
const unreadOf = async (api: typeof learner, conversationId: string) =>
  (await api.get<ConversationsResponse>("/api/conversations")).body.conversations.find((c) => c.id === conversationId)?.unreadCount;

describe("delivery and read receipts", () => {
  it("the recipient's delivered and read reach the sender; statuses only move forward", async () => {
    const [ls, is] = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: instructor.token })]);
    const m = await sendOk(ls, toInstructor(), "receipt me");
    const delivered = nextEvent(ls, "messageStatus", 3000, (p) => p.status === "delivered");
    expect(await emitAck(is, "messageDelivered", { messageIds: [m.id] })).toEqual({ ok: true, data: { messageIds: [m.id] } });
    expect(await delivered).toEqual({ conversationId: m.conversationId, messageIds: [m.id], status: "delivered" });

    const read = nextEvent(ls, "messageStatus", 3000, (p) => p.status === "read");
    expect(await emitAck(is, "markAsRead", { messageId: m.id })).toEqual({ ok: true, data: { messageIds: [m.id] } });
    expect(await read).toEqual({ conversationId: m.conversationId, messageIds: [m.id], status: "read" });

    // Back to delivered: nothing moves.
    expect(await emitAck(is, "messageDelivered", { messageIds: [m.id] })).toEqual({ ok: true, data: { messageIds: [] } });
    const page = (await learner.get<MessagesPageResponse>(`/api/conversations/${m.conversationId}/messages`)).body;
    expect(page.messages.find((x) => x.id === m.id)?.status).toBe("read");
  });

  it("nobody marks messages they did not receive", async () => {
    const [ls, ss] = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: stranger.token })]);
    const m = await sendOk(ls, toInstructor(), "not yours to read");
    const statuses = record(ls, "messageStatus");
    expect(await emitAck(ls, "markAsRead", { messageId: m.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emitAck(ls, "messageDelivered", { messageIds: [m.id] })).toEqual({ ok: true, data: { messageIds: [] } });
    expect(await emitAck(ss, "markAsRead", { messageId: m.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await emitAck(ss, "markAsRead", { conversationId: m.conversationId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await emitAck(ss, "messageDelivered", { messageIds: [m.id] })).toEqual({ ok: true, data: { messageIds: [] } });
    expect(await emitAck(ss, "markAsRead", { messageId: { $gt: "" } })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    await settle(ls);
    expect(statuses).toHaveLength(0);
    expect(await unreadOf(instructor, m.conversationId)).toBeGreaterThan(0);
  });

  it("unread counts per conversation follow markAsRead up to a message, then the whole conversation", async () => {
    const ls = await connect(t.url, { token: learner.token });
    const first = await sendOk(ls, toInstructor(), "one");
    const is = await connect(t.url, { token: instructor.token });
    await emitAck(is, "markAsRead", { conversationId: first.conversationId });
    const sent = [await sendOk(ls, toInstructor(), "a"), await sendOk(ls, toInstructor(), "b"), await sendOk(ls, toInstructor(), "c")];
    expect(await unreadOf(instructor, first.conversationId)).toBe(3);
    expect(await unreadOf(learner, first.conversationId)).toBe(0);
    const upToB = await emitAck(is, "markAsRead", { messageId: sent[1]?.id });
    expect(upToB).toEqual({ ok: true, data: { messageIds: [sent[0]?.id, sent[1]?.id] } });
    expect(await unreadOf(instructor, first.conversationId)).toBe(1);
    await emitAck(is, "markAsRead", { conversationId: first.conversationId });
    expect(await unreadOf(instructor, first.conversationId)).toBe(0);
  });
});

describe("typing", () => {
  it("reaches the other side only, never the typist's tabs or outsiders; throttled per socket", async () => {
    const [a, b, i, s] = await Promise.all([
      connect(t.url, { token: learner.token }),
      connect(t.url, { token: learner.token }),
      connect(t.url, { token: instructor.token }),
      connect(t.url, { token: stranger.token }),
    ]);
    const m = await sendOk(a, toInstructor(), "typing test");
    const [onA, onB, onI] = [record(a, "typing"), record(b, "typing"), record(i, "typing")];
    a.emit("typing", { conversationId: m.conversationId, isTyping: true });
    expect(await nextEvent(i, "typing")).toEqual({ conversationId: m.conversationId, userId: learner.user.id, isTyping: true });
    s.emit("typing", { conversationId: m.conversationId, isTyping: true });
    expect(await emitAck(s, "joinConversation", { conversationId: m.conversationId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    // A burst from a fresh tab (its own bucket full): acknowledged once handled, so once relayed.
    const a2 = await connect(t.url, { token: learner.token });
    const onA2 = record(a2, "typing");
    const acks = await Promise.all(Array.from({ length: 10 }, (_, n) => emitAck(a2, "typing", { conversationId: m.conversationId, isTyping: n % 2 === 0 })));
    expect(acks.filter((ack) => !ack.ok).length).toBeGreaterThanOrEqual(5);
    await settle(a, b, i, a2);
    expect(onA2).toHaveLength(0);
    expect(onA).toHaveLength(0);
    expect(onB).toHaveLength(0);
    expect(onI.every((p) => p.userId === learner.user.id)).toBe(true);
    expect(onI.length).toBeGreaterThanOrEqual(2);
    expect(onI.length).toBeLessThanOrEqual(5);
  });
});

describe("chat notifications", () => {
  it("one per burst while the chat is not open; none while it is; reading the chat reads it", async () => {
    const [ls, is] = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: instructor.token })]);
    const first = await sendOk(ls, toInstructor(), "warm-up");
    await emitAck(is, "markAsRead", { conversationId: first.conversationId });
    await settle(is);
    const notes = record(is, "newNotification");
    // A burst sent without waiting for acks (optimistic sends) still raises one.
    await Promise.all(["are you there?", "hello?", "ping", "hey"].map((text) => sendOk(ls, toInstructor(), text)));
    await settle(is);
    const chat = notes.filter((n) => n.type === "chat_message");
    expect(chat).toHaveLength(1);
    expect(chat[0]).toMatchObject({ link: `/messages/${first.conversationId}`, status: "unread" });

    const cleared = nextEvent(is, "notificationsRead");
    await emitAck(is, "markAsRead", { conversationId: first.conversationId });
    expect(await cleared).toEqual({ ids: [chat[0]?.id] });

    expect(await emitAck(is, "joinConversation", { conversationId: first.conversationId })).toEqual({ ok: true, data: null });
    await sendOk(ls, toInstructor(), "you have it open");
    await settle(is);
    expect(notes.filter((n) => n.type === "chat_message")).toHaveLength(1);
    is.emit("leaveConversation", { conversationId: first.conversationId });
    await settle(is);
    await sendOk(ls, toInstructor(), "and now closed");
    await settle(is);
    const raised = notes.filter((n) => n.type === "chat_message");
    expect(raised).toHaveLength(2);
    await sendOk(ls, toInstructor(), "still unread, so no new one");
    await settle(is);
    expect(notes.filter((n) => n.type === "chat_message")).toHaveLength(2);

    // Marked read from the notification list (REST, a separately bundled route): the next one raises again.
    const api = new Api(t.url, instructor.token);
    expect((await api.put(`/api/notifications/${raised[1]?.id ?? ""}`)).status).toBe(200);
    await sendOk(ls, toInstructor(), "after reading the notification");
    await settle(is);
    expect(notes.filter((n) => n.type === "chat_message")).toHaveLength(3);
    expect((await api.put("/api/notifications/read-all")).status).toBe(200);
    await sendOk(ls, toInstructor(), "after reading them all");
    await settle(is);
    expect(notes.filter((n) => n.type === "chat_message")).toHaveLength(4);
  });
});
