import { beforeAll, describe, expect, it } from "vitest";
import type { MessageDto } from "@/contracts/dto";
import type { ConversationsResponse, MessagesPageResponse } from "@/contracts/rest";
import { buyFirstCourse, secondAdmin, sendOk } from "./support/chat";
import { connect, DEMO, emitAck, loginAs, nextEvent, record, settle, useTestServer } from "./support/harness";

const t = useTestServer();
let learner: Awaited<ReturnType<typeof loginAs>>;
let instructor: Awaited<ReturnType<typeof loginAs>>;
/** learner2 owns a seeded course of the same instructor: a legitimate chatter, just not in this conversation. */
let neighbour: Awaited<ReturnType<typeof loginAs>>;
let theirs: { mine: MessageDto; reply: MessageDto };
beforeAll(async () => {
  [learner, instructor, neighbour] = await Promise.all([
    loginAs(t.url, DEMO.learner1),
    loginAs(t.url, DEMO.instructor),
    loginAs(t.url, DEMO.learner2),
  ]);
  await buyFirstCourse(learner);
  const [ls, is] = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: instructor.token })]);
  const mine = await sendOk(ls, { recipientId: instructor.user.id }, "private question");
  const reply = await sendOk(is, { conversationId: mine.conversationId }, "private answer");
  theirs = { mine, reply };
});

describe("another learner of the same instructor and someone else's conversation", () => {
  it("cannot read it: every REST view is 404 and it is not in their list", async () => {
    const ns = await connect(t.url, { token: neighbour.token });
    const own = await sendOk(ns, { recipientId: instructor.user.id }, "my own chat works");
    const c = theirs.mine.conversationId;
    for (const q of ["", "?limit=100", `?after=${theirs.mine.id}`, `?before=${theirs.reply.id}`]) {
      expect([q, (await neighbour.get(`/api/conversations/${c}/messages${q}`)).status]).toEqual([q, 404]);
    }
    expect((await neighbour.get(`/api/messages/history/${learner.user.id}`)).status).toBe(404);
    const history = (await neighbour.get<MessagesPageResponse>(`/api/messages/history/${instructor.user.id}`)).body;
    expect(history.messages.map((m) => m.id)).toEqual([own.id]);
    const list = (await neighbour.get<ConversationsResponse>("/api/conversations")).body.conversations;
    expect(list.map((x) => x.id)).toEqual([own.conversationId]);
  });

  it("cannot join, write into, or mark it, and hears nothing of it", async () => {
    const [ns, ls, is] = await Promise.all([neighbour, learner, instructor].map((u) => connect(t.url, { token: u.token })));
    if (!ns || !ls || !is) throw new Error("sockets");
    const c = theirs.mine.conversationId;
    const heard = [record(ns, "newMessage"), record(ns, "typing"), record(ns, "messageStatus"), record(ns, "notificationsRead")];
    expect(await emitAck(ns, "joinConversation", { conversationId: c })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await emitAck(ns, "message", { conversationId: c, content: "let me in", clientId: "outsider-0001" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await emitAck(ns, "markAsRead", { messageId: theirs.reply.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await emitAck(ns, "markAsRead", { conversationId: c })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await emitAck(ns, "messageDelivered", { messageIds: [theirs.reply.id, theirs.mine.id] })).toEqual({ ok: true, data: { messageIds: [] } });

    // The two members carry on: typing, a message, a read receipt. None of it reaches the outsider.
    const typed = nextEvent(is, "typing");
    ls.emit("typing", { conversationId: c, isTyping: true });
    await typed;
    const more = await sendOk(ls, { conversationId: c }, "still private");
    await emitAck(is, "markAsRead", { messageId: more.id });
    await settle(ns);
    expect(heard.map((h) => h.length)).toEqual([0, 0, 0, 0]);
    const page = (await learner.get<MessagesPageResponse>(`/api/conversations/${c}/messages`)).body.messages;
    expect(page.find((m) => m.id === theirs.reply.id)?.status).toBe("sent");
    expect(page.some((m) => m.content === "let me in")).toBe(false);
  });
});

describe("support: an admin never marks another admin's reply", () => {
  it("a second admin reads the requester's messages only; the reply waits for the requester", async () => {
    const [admin, admin2] = await Promise.all([loginAs(t.url, DEMO.admin), secondAdmin(t.url)]);
    const [ls, a1, a2] = await Promise.all([learner, admin, admin2].map((u) => connect(t.url, { token: u.token })));
    if (!ls || !a1 || !a2) throw new Error("sockets");
    const ask = await sendOk(ls, { recipientId: admin.user.id }, "help please");
    const reply = await sendOk(a1, { conversationId: ask.conversationId }, "on it");
    expect(await emitAck(a2, "markAsRead", { messageId: reply.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emitAck(a2, "messageDelivered", { messageIds: [reply.id] })).toEqual({ ok: true, data: { messageIds: [] } });
    expect(await emitAck(a2, "markAsRead", { conversationId: ask.conversationId })).toEqual({ ok: true, data: { messageIds: [ask.id] } });
    expect(await emitAck(ls, "markAsRead", { conversationId: ask.conversationId })).toEqual({ ok: true, data: { messageIds: [reply.id] } });
  });
});
