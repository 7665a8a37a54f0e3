import { beforeAll, describe, expect, it } from "vitest";
import type { MessagesPageResponse } from "@/contracts/rest";
import { buyFirstCourse, newClientId, send, sendOk } from "./support/chat";
import { connect, DEMO, loginAs, record, settle, useTestServer } from "./support/harness";

// The burst below is one user on many tabs: only the per-socket buckets apply (the per-user one is tested in limits.test.ts).
const t = useTestServer({ limits: { eventRatePerUser: 0 } });
let learner: Awaited<ReturnType<typeof loginAs>>;
let instructor: Awaited<ReturnType<typeof loginAs>>;
beforeAll(async () => {
  [learner, instructor] = await Promise.all([loginAs(t.url, DEMO.learner1), loginAs(t.url, DEMO.instructor)]);
  await buyFirstCourse(learner);
});

const stored = async (conversationId: string, clientId: string) =>
  (await instructor.get<MessagesPageResponse>(`/api/conversations/${conversationId}/messages?limit=100`)).body.messages.filter((m) => m.clientId === clientId);

/** SPEC F5: "a retry never duplicates" (the first copy is in tests/integration/chat.test.ts). */
describe("idempotent retries by clientId", () => {
  it("a retry from another connection (the ack was lost with the first one) is the stored message and emits nothing", async () => {
    const [first, is] = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: instructor.token })]);
    const heard = record(is, "newMessage");
    const clientId = newClientId();
    const original = await sendOk(first, { recipientId: instructor.user.id }, "did this arrive?", clientId);
    first.close();
    const second = await connect(t.url, { token: learner.token });
    // The retry names the conversation instead of the recipient, and its text was edited: the stored message wins.
    expect(await sendOk(second, { conversationId: original.conversationId }, "did this arrive??", clientId)).toEqual(original);
    expect(await sendOk(second, { recipientId: instructor.user.id }, "did this arrive?", clientId)).toEqual(original);
    await settle(is);
    expect(heard.filter((m) => m.clientId === clientId)).toHaveLength(1);
    expect(await stored(original.conversationId, clientId)).toEqual([original]);
  });

  it("the same clientId from a different sender is a different message", async () => {
    const [ls, is] = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: instructor.token })]);
    const clientId = newClientId();
    const mine = await sendOk(ls, { recipientId: instructor.user.id }, "mine", clientId);
    const theirs = await sendOk(is, { conversationId: mine.conversationId }, "theirs", clientId);
    expect(theirs.id).not.toBe(mine.id);
    expect([mine.senderId, theirs.senderId]).toEqual([learner.user.id, instructor.user.id]);
    expect((await stored(mine.conversationId, clientId)).map((m) => m.id)).toEqual([mine.id, theirs.id]);
  });

  it("a refused send stores nothing under its clientId, so a later valid send with it goes through", async () => {
    const ls = await connect(t.url, { token: learner.token });
    const clientId = newClientId();
    expect(await send(ls, { recipientId: instructor.user.id }, "x".repeat(4001), clientId)).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    const ok = await sendOk(ls, { recipientId: instructor.user.id }, "shorter now", clientId);
    expect(ok.content).toBe("shorter now");
    expect(await stored(ok.conversationId, clientId)).toEqual([ok]);
  });
});

/** Messages are written in batches (services/chat/message-writer.ts): a batch must keep every rule. */
describe("a burst of concurrent sends", () => {
  it("stores each clientId once, answers every send with its own message, duplicates included", async () => {
    const is = await connect(t.url, { token: instructor.token });
    const heard = record(is, "newMessage");
    const first = await sendOk(await connect(t.url, { token: learner.token }), { recipientId: instructor.user.id }, "burst begins", newClientId());
    const ids = Array.from({ length: 30 }, () => newClientId());
    // Every clientId sent from two tabs at once (one is a retry of the other), 15 at a time from a fresh
    // pair of tabs (each socket's bucket holds 20 sends).
    const results: Awaited<ReturnType<typeof sendOk>>[][] = [];
    for (let k = 0; k < ids.length; k += 15) {
      const chunk = ids.slice(k, k + 15);
      const [tabA, tabB] = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: learner.token })]);
      results.push(...(await Promise.all(chunk.map((id, i) => Promise.all([
        sendOk(tabA, { conversationId: first.conversationId }, `m${String(k + i)}`, id),
        sendOk(tabB, { conversationId: first.conversationId }, `m${String(k + i)}`, id),
      ])))));
    }
    for (const [a, b] of results) expect(a).toEqual(b);
    expect(new Set(results.map(([a]) => a?.id)).size).toBe(ids.length);
    await settle(is);
    expect(heard.filter((m) => ids.includes(m.clientId))).toHaveLength(ids.length);
    const page = (await instructor.get<MessagesPageResponse>(`/api/conversations/${first.conversationId}/messages?limit=100`)).body.messages;
    expect(page.filter((m) => ids.includes(m.clientId))).toHaveLength(ids.length);
  }, 30_000);
});
