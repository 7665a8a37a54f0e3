import { beforeAll, describe, expect, it, vi } from "vitest";
import type { MessageDto } from "@/contracts/dto";
import type { CoursesResponse } from "@/contracts/rest";
import { buyFirstCourse, freshLearner, sendOk } from "./support/chat";
import { connect, DEMO, emitAck, loginAs, nextEvent, record, settle, sleep, useTestServer } from "./support/harness";
import { nativeAs, type Frame } from "./support/native";

/**
 * Parity (SPEC F12): a native client gets every server event a Socket.IO client in the same rooms
 * gets, and its client events are served by the same dispatcher. Each test mixes the two transports.
 */

// Viewer counts go out at most once per interval: a short one, so "nothing more" waits just past it.
const INTERVAL = 150;
const t = useTestServer({ timings: { viewerIntervalMs: INTERVAL } });
let courseId: string;
let paidLessonId: string;
beforeAll(async () => {
  const { courses } = (await (await fetch(`${t.url}/api/courses`)).json()) as CoursesResponse;
  courseId = courses[0]?.id ?? "";
  paidLessonId = courses[0]?.lessons[1]?.id ?? "";
});

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a test-only cast to the payload type it expects
const dataOf = <T,>(f: Frame): T => f.data as T;

describe("server events reach native clients", () => {
  it("a purchase notifies an admin on a native client", async () => {
    const [admin, buyer] = await Promise.all([loginAs(t.url, DEMO.admin), freshLearner(t.url, "Pia Purchaser")]);
    const a = await nativeAs(t.url, admin.token ?? "");
    await buyFirstCourse(buyer);
    const n = await a.next("newNotification", (f) => dataOf<{ type: string }>(f).type === "course_purchased");
    expect(n.data).toMatchObject({ type: "course_purchased", status: "unread", message: expect.stringContaining("Pia Purchaser") as string });
    // The admin metrics (F10) count it as a native ("ws") connection.
    const wsConnections = async () => (await admin.get<{ connectionsByTransport: { ws: number } }>("/api/admin/metrics")).body.connectionsByTransport.ws;
    await expect.poll(wsConnections, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
  });

  it("logout ends the session's native connections too (4401 invalid), not the other sessions'", async () => {
    const [s1, s2] = await Promise.all([loginAs(t.url, DEMO.learner2), loginAs(t.url, DEMO.learner2)]);
    const [c1, c2] = await Promise.all([nativeAs(t.url, s1.token ?? ""), nativeAs(t.url, s2.token ?? "")]);
    expect((await s1.post("/api/auth/logout")).status).toBeLessThan(300);
    expect(await c1.next("sessionEnded")).toMatchObject({ data: { reason: "logged_out" } });
    expect(await c1.closed).toEqual({ code: 4401, reason: "invalid" });
    c2.send({ type: "ping" });
    await c2.next("pong");
  });
});

describe("chat across transports", () => {
  it("Socket.IO learner -> native instructor; the native reply (ack, clientId idempotency) reaches the learner's socket", async () => {
    const [learner, instructor] = await Promise.all([freshLearner(t.url, "Lou Learner"), loginAs(t.url, DEMO.instructor)]);
    await buyFirstCourse(learner);
    const [ls, inst] = await Promise.all([connect(t.url, { token: learner.token }), nativeAs(t.url, instructor.token ?? "")]);

    const sent = await sendOk(ls, { recipientId: instructor.user.id }, "Is there a quiz?", "q-native-1");
    const heard = await inst.next("newMessage", (f) => dataOf<MessageDto>(f).clientId === "q-native-1");
    expect(heard.data).toMatchObject({ id: sent.id, senderId: learner.user.id, content: "Is there a quiz?" });

    const learnerHears = record(ls, "newMessage");
    const payload = { conversationId: sent.conversationId, content: "Yes, after lesson 3.", clientId: "a-native-1" };
    const ack = await inst.request("message", payload);
    expect(ack).toMatchObject({ ok: true, data: { senderId: instructor.user.id, content: "Yes, after lesson 3.", clientId: "a-native-1" } });
    const retry = await inst.request("message", payload);
    expect(retry).toMatchObject({ ok: true, data: { id: dataOf<MessageDto>(ack).id } });
    await settle(ls);
    expect(learnerHears.filter((m) => m.clientId === "a-native-1")).toHaveLength(1);
    // A schema failure is answered in the ack, the connection stays.
    expect(await inst.request("message", { conversationId: sent.conversationId, content: "" })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
  });

  it("a chat open on the native client (joinConversation) suppresses its \"new message\" notification; closed, it notifies", async () => {
    const [learner, instructor] = await Promise.all([freshLearner(t.url, "Cy Chatter"), loginAs(t.url, DEMO.instructor)]);
    await buyFirstCourse(learner);
    const [ls, inst] = await Promise.all([connect(t.url, { token: learner.token }), nativeAs(t.url, instructor.token ?? "")]);
    const first = await sendOk(ls, { recipientId: instructor.user.id }, "First");
    await inst.next("newNotification", (f) => dataOf<{ type: string }>(f).type === "chat_message");
    expect(await inst.request("markAsRead", { conversationId: first.conversationId })).toMatchObject({ ok: true });
    expect(await inst.request("joinConversation", { conversationId: first.conversationId })).toMatchObject({ ok: true, data: null });
    await sendOk(ls, { conversationId: first.conversationId }, "While open", "open-1");
    await inst.next("newMessage", (f) => dataOf<MessageDto>(f).clientId === "open-1");
    expect(await inst.request("leaveConversation", { conversationId: first.conversationId })).toMatchObject({ ok: true });
    await sendOk(ls, { conversationId: first.conversationId }, "After closing", "closed-1");
    const notice = await inst.next("newNotification", (f) => dataOf<{ type: string }>(f).type === "chat_message");
    expect(notice.data).toMatchObject({ message: "After closing" });
    const chatNotices = inst.frames.filter((f) => f.type === "newNotification" && dataOf<{ type: string }>(f).type === "chat_message");
    expect(chatNotices.map((f) => dataOf<{ message: string }>(f).message)).toEqual(["First", "After closing"]);
  });

  it("read receipts and typing both ways", async () => {
    const [learner, instructor] = await Promise.all([freshLearner(t.url, "Rae Reader"), loginAs(t.url, DEMO.instructor)]);
    await buyFirstCourse(learner);
    const [ls, inst] = await Promise.all([connect(t.url, { token: learner.token }), nativeAs(t.url, instructor.token ?? "")]);
    const toInstructor = await sendOk(ls, { recipientId: instructor.user.id }, "Hello?");
    const conversationId = toInstructor.conversationId;

    // native reads -> the learner's socket hears "read"
    const learnerStatus = nextEvent(ls, "messageStatus", 3000, (p) => p.status === "read");
    expect(await inst.request("markAsRead", { messageId: toInstructor.id })).toMatchObject({ ok: true, data: { messageIds: [toInstructor.id] } });
    expect((await learnerStatus).messageIds).toEqual([toInstructor.id]);

    // socket reads the native's message -> the native client hears "read"
    const reply = await inst.request("message", { conversationId, content: "Hi!", clientId: "rr-1" });
    const replyId = (reply.data as MessageDto).id;
    expect(await emitAck(ls, "markAsRead", { messageId: replyId })).toMatchObject({ ok: true });
    const readByLearner = (f: Frame) => dataOf<{ status: string; messageIds: string[] }>(f).status === "read" && dataOf<{ messageIds: string[] }>(f).messageIds.includes(replyId);
    expect((await inst.next("messageStatus", readByLearner)).data).toMatchObject({ conversationId, messageIds: [replyId] });

    // typing: native -> socket, socket -> native
    const learnerTyping = nextEvent(ls, "typing");
    inst.send({ type: "typing", data: { conversationId, isTyping: true } });
    expect(await learnerTyping).toEqual({ conversationId, userId: instructor.user.id, isTyping: true });
    ls.emit("typing", { conversationId, isTyping: true });
    expect((await inst.next("typing")).data).toEqual({ conversationId, userId: learner.user.id, isTyping: true });
  });
});

describe("presence and viewer counts count a native connection like a socket", () => {
  it("a user only on a native client is online to the watchers allowed, and offline after the grace period", async () => {
    const [learner, instructor, other] = await Promise.all([freshLearner(t.url, "Nia Native"), loginAs(t.url, DEMO.instructor), freshLearner(t.url, "Otto Other")]);
    await buyFirstCourse(learner);
    const [is, os] = await Promise.all([connect(t.url, { token: instructor.token }), connect(t.url, { token: other.token })]);
    const outsiderHears = record(os, "userStatusUpdate");
    const online = nextEvent(is, "userStatusUpdate", 5000, (s) => s.userId === learner.user.id && s.status === "online");
    const native = await nativeAs(t.url, learner.token ?? "");
    await online;
    expect(await emitAck(is, "getUsersStatus", [learner.user.id])).toMatchObject({ ok: true, data: [{ userId: learner.user.id, status: "online" }] });

    const offline = nextEvent(is, "userStatusUpdate", 12_000, (s) => s.userId === learner.user.id && s.status === "offline");
    native.ws.terminate();
    const goneAt = Date.now();
    await offline;
    expect(Date.now() - goneAt).toBeGreaterThan(3000); // the grace period, not at once
    expect(outsiderHears.filter((s) => s.userId === learner.user.id)).toEqual([]);
  }, 20_000);

  it("one user on both transports watching a video counts 1; the native one hears the counts too", async () => {
    const [buyer, admin] = await Promise.all([freshLearner(t.url, "Two Tabs"), loginAs(t.url, DEMO.admin)]);
    await buyFirstCourse(buyer);
    const [sock, native, adminSock] = await Promise.all([connect(t.url, { token: buyer.token }), nativeAs(t.url, buyer.token ?? ""), connect(t.url, { token: admin.token })]);
    const video = { videoId: paidLessonId };
    expect(await emitAck(sock, "watchingVideo", video)).toEqual({ ok: true, data: { count: 1 } });
    native.send({ type: "join-room", room: `video:${paidLessonId}` });
    await native.next("room-joined");
    expect(await native.request("watchingVideo", video)).toMatchObject({ ok: true, data: { count: 1 } });
    expect(await emitAck(adminSock, "watchingVideo", video)).toEqual({ ok: true, data: { count: 2 } });
    expect((await native.next("viewerCount", (f) => dataOf<{ count: number }>(f).count === 2, 4000)).data).toEqual({ videoId: paidLessonId, count: 2 });

    // The native connection drops: still one of the buyer's watching, count stays 2; the socket leaves too: 1.
    native.ws.terminate();
    await settle(adminSock);
    await sleep(INTERVAL * 2);
    const counts = record(adminSock, "viewerCount");
    sock.close();
    await vi.waitFor(() => { expect(counts.map((c) => c.count)).toEqual([1]); });
    await sleep(INTERVAL * 2);
    expect(counts.map((c) => c.count)).toEqual([1]);
  });

  it("live reviews reach a native client in the course room", async () => {
    const [buyer, watcher] = await Promise.all([freshLearner(t.url, "Rev Writer"), loginAs(t.url, DEMO.learner1)]);
    await buyFirstCourse(buyer);
    const native = await nativeAs(t.url, watcher.token ?? "");
    native.send({ type: "join-room", room: `course:${courseId}` });
    await native.next("room-joined");
    expect((await buyer.post(`/api/courses/${courseId}/reviews`, { rating: 5, text: "Clear and calm." })).status).toBeLessThan(300);
    expect((await native.next("newReview")).data).toMatchObject({ courseId, review: { rating: 5 } });
  });
});
