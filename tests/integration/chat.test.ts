import { beforeAll, describe, expect, it } from "vitest";
import type { MessageDto } from "@/contracts/dto";
import type { ConversationsResponse, MessagesPageResponse } from "@/contracts/rest";
import { buyFirstCourse, freshLearner, newClientId, secondAdmin, send, sendOk } from "./support/chat";
import {
  connect,
  DEMO,
  emitAck,
  loginAs,
  nextEvent,
  record,
  settle,
  useTestServer,
  type ClientSocket,
} from "./support/harness";

const t = useTestServer();
let learner: Awaited<ReturnType<typeof loginAs>>;
let instructor: Awaited<ReturnType<typeof loginAs>>;
let stranger: Awaited<ReturnType<typeof loginAs>>;
let admin: Awaited<ReturnType<typeof loginAs>>;
beforeAll(async () => {
  [learner, instructor, stranger, admin] = await Promise.all([
    loginAs(t.url, DEMO.learner1),
    loginAs(t.url, DEMO.instructor),
    freshLearner(t.url),
    loginAs(t.url, DEMO.admin),
  ]);
  await buyFirstCourse(learner);
});

/** Listens on every socket for the message with this clientId (set up before sending: events can beat the ack). */
const expectMessage = (sockets: ClientSocket[], clientId: string) =>
  Promise.all(sockets.map((s) => nextEvent(s, "newMessage", 3000, (m: MessageDto) => m.clientId === clientId)));

describe("message: a learner and the instructor of a bought course", () => {
  it("acks the stored message and reaches every tab of both sides; the instructor replies", async () => {
    const [tabA, tabB, i1, i2] = await Promise.all([
      connect(t.url, { token: learner.token }),
      connect(t.url, { token: learner.token }),
      connect(t.url, { token: instructor.token }),
      connect(t.url, { token: instructor.token }),
    ]);
    const outsiderSocket = await connect(t.url, { token: stranger.token });
    const outsider = record(outsiderSocket, "newMessage");
    const heard = expectMessage([i1, i2, tabB], "hello-0001");
    const ack = await send(tabA, { recipientId: instructor.user.id }, "  Hello, is lesson 3 on the exam?  ", "hello-0001");
    if (!ack.ok) throw new Error(ack.error.message);
    expect(ack.data).toMatchObject({ senderId: learner.user.id, content: "Hello, is lesson 3 on the exam?", clientId: "hello-0001", status: "sent" });
    // newMessage of a direct conversation also names its recipient (seed 002's clients place messages by it).
    for (const m of await heard) expect(m).toEqual({ ...ack.data, recipientId: instructor.user.id });

    const replied = expectMessage([tabA, tabB, i2], "reply-0001");
    const reply = await sendOk(i1, { conversationId: ack.data.conversationId }, "Yes, it is.", "reply-0001");
    expect(reply).toMatchObject({ senderId: instructor.user.id, conversationId: ack.data.conversationId });
    for (const m of await replied) expect(m.id).toBe(reply.id);
    await settle(outsiderSocket);
    expect(outsider).toHaveLength(0);
  });

  it("ignores a spoofed senderId: the sender is whoever the token says, live, stored and in unread counts", async () => {
    const [s, i] = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: instructor.token })]);
    const clientId = newClientId();
    const heard = expectMessage([i], clientId);
    const ack = await emitAck<MessageDto>(s, "message", { recipientId: instructor.user.id, content: "it's me", clientId, senderId: instructor.user.id, userId: instructor.user.id });
    expect(ack).toMatchObject({ ok: true, data: { senderId: learner.user.id } });
    expect((await heard)[0]?.senderId).toBe(learner.user.id);
    if (!ack.ok) return;
    const page = (await instructor.get<MessagesPageResponse>(`/api/conversations/${ack.data.conversationId}/messages?limit=100`)).body;
    expect(page.messages.find((m) => m.id === ack.data.id)?.senderId).toBe(learner.user.id);
    // It is the learner's own message: they may not mark it read; the instructor may (it was received).
    expect(await emitAck(s, "markAsRead", { messageId: ack.data.id, userId: instructor.user.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emitAck(i, "markAsRead", { messageId: ack.data.id })).toMatchObject({ ok: true });
    // Typing is relayed under the socket's user, whatever the payload says.
    const typing = nextEvent(i, "typing");
    s.emit("typing", { conversationId: ack.data.conversationId, isTyping: true, userId: instructor.user.id } as never);
    expect((await typing).userId).toBe(learner.user.id);
  });

  it("a retry with the same clientId is the same message: one stored, one newMessage", async () => {
    const [s, i] = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: instructor.token })]);
    const heard = record(i, "newMessage");
    const clientId = newClientId();
    const first = await sendOk(s, { recipientId: instructor.user.id }, "only once", clientId);
    const again = await sendOk(s, { recipientId: instructor.user.id }, "only once", clientId);
    const raced = await Promise.all([0, 1, 2].map(() => sendOk(s, { recipientId: instructor.user.id }, "race", "race-0001-x")));
    expect(again).toEqual(first);
    expect(new Set(raced.map((m) => m.id)).size).toBe(1);
    await settle(i);
    expect(heard.filter((m) => m.clientId === clientId)).toHaveLength(1);
    expect(heard.filter((m) => m.clientId === "race-0001-x")).toHaveLength(1);
    const page = (await instructor.get<MessagesPageResponse>(`/api/conversations/${first.conversationId}/messages?limit=100`)).body;
    expect(page.messages.filter((m) => m.clientId === clientId)).toHaveLength(1);
  });
});

describe("message: refusals change nothing", () => {
  it("learner to learner, and to an instructor whose course they did not buy: FORBIDDEN", async () => {
    const s = await connect(t.url, { token: stranger.token });
    const is = await connect(t.url, { token: instructor.token });
    const i = record(is, "newMessage");
    expect(await send(s, { recipientId: learner.user.id }, "hi")).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await send(s, { recipientId: instructor.user.id }, "hi")).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await send(s, { recipientId: stranger.user.id }, "me")).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await send(s, { recipientId: "aaaaaaaaaaaaaaaaaaaaaaaa" }, "hi")).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    await settle(is);
    expect(i).toHaveLength(0);
    expect((await stranger.get<ConversationsResponse>("/api/conversations")).body.conversations).toEqual([]);
  });

  it("writing into a conversation one is not in: NOT_FOUND, nothing delivered", async () => {
    const ls = await connect(t.url, { token: learner.token });
    const mine = await sendOk(ls, { recipientId: instructor.user.id }, "private");
    const [s, i] = await Promise.all([connect(t.url, { token: stranger.token }), connect(t.url, { token: instructor.token })]);
    const heard = record(i, "newMessage");
    expect(await send(s, { conversationId: mine.conversationId }, "let me in")).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await send(s, { conversationId: "aaaaaaaaaaaaaaaaaaaaaaaa" }, "x")).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    await settle(i);
    expect(heard).toHaveLength(0);
  });

  it("empty, 4001 characters, wrong types and operators: BAD_REQUEST, nothing delivered; no ack at all does not crash", async () => {
    const [s, i] = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: instructor.token })]);
    const heard = record(i, "newMessage");
    const to = { recipientId: instructor.user.id };
    const hostile: unknown[] = [
      { ...to, content: "", clientId: newClientId() },
      { ...to, content: "   ", clientId: newClientId() },
      { ...to, content: "\n\t\n", clientId: newClientId() },
      { ...to, clientId: newClientId() },
      { ...to, content: "x".repeat(4001), clientId: newClientId() },
      { ...to, content: { $gt: "" }, clientId: newClientId() },
      { recipientId: { $ne: null }, content: "x", clientId: newClientId() },
      { ...to, content: "x", clientId: { $gt: "" } },
      { ...to, conversationId: "aaaaaaaaaaaaaaaaaaaaaaaa", content: "both", clientId: newClientId() },
      "just a string",
      null,
    ];
    for (const payload of hostile) {
      expect(await emitAck(s, "message", payload)).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    }
    s.emit("message", { ...to, content: "no ack", clientId: newClientId() }, undefined as never);
    s.emit("markAsRead", { conversationId: { $gt: "" } } as never);
    const fine = await sendOk(s, to, "x".repeat(4000));
    expect(fine.content).toHaveLength(4000);
    await settle(i);
    expect(heard.every((m) => m.content.trim().length > 0 && m.content.length <= 4000)).toBe(true);
    const page = (await instructor.get<MessagesPageResponse>(`/api/conversations/${fine.conversationId}/messages?limit=100`)).body;
    expect(page.messages.every((m) => m.content.trim().length > 0 && m.content.length <= 4000)).toBe(true);
  });
});

describe("support", () => {
  it("a learner without purchases asks support; any admin answers; every admin and the learner see it", async () => {
    const admin2 = await secondAdmin(t.url);
    const [ls, a1, a2] = await Promise.all([
      connect(t.url, { token: stranger.token }),
      connect(t.url, { token: admin.token }),
      connect(t.url, { token: admin2.token }),
    ]);
    const asked = expectMessage([a1, a2], "support-ask-1");
    const ask = await sendOk(ls, { recipientId: admin.user.id }, "I cannot find my invoice", "support-ask-1");
    for (const m of await asked) expect(m.id).toBe(ask.id);
    const answered = expectMessage([ls, a1], "support-answer-1");
    const answer = await sendOk(a2, { conversationId: ask.conversationId }, "Sending it now", "support-answer-1");
    for (const m of await answered) expect(m.id).toBe(answer.id);
    // Writing to another admin id lands in the same support conversation.
    const more = await sendOk(ls, { recipientId: admin2.user.id }, "thanks");
    expect(more.conversationId).toBe(ask.conversationId);

    const list = (await admin.get<ConversationsResponse>("/api/conversations")).body.conversations;
    const conv = list.find((c) => c.id === ask.conversationId);
    expect(conv).toMatchObject({ kind: "support", participants: [{ id: stranger.user.id }], lastMessage: { id: more.id } });
    // Admins cannot open a conversation with each other.
    expect(await send(a1, { recipientId: admin2.user.id }, "hi")).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });
});
