import { beforeAll, describe, expect, it } from "vitest";
import type { MessageDto } from "@/contracts/dto";
import type { ErrorResponse } from "@/contracts/errors";
import type { ConversationsResponse, MessagesPageResponse } from "@/contracts/rest";
import { buyFirstCourse, freshLearner, sendOk } from "./support/chat";
import { Api, connect, DEMO, loginAs, useTestServer } from "./support/harness";

const t = useTestServer();
let learner: Awaited<ReturnType<typeof loginAs>>;
let stranger: Awaited<ReturnType<typeof loginAs>>;
let instructorId: string;
/** Seven messages the learner sent while the instructor was offline, oldest first. */
let sent: MessageDto[];
beforeAll(async () => {
  [learner, stranger] = await Promise.all([loginAs(t.url, DEMO.learner1), freshLearner(t.url)]);
  await buyFirstCourse(learner);
  const instructor = await loginAs(t.url, DEMO.instructor);
  instructorId = instructor.user.id;
  const s = await connect(t.url, { token: learner.token });
  sent = [];
  for (let n = 1; n <= 7; n++) sent.push(await sendOk(s, { recipientId: instructorId }, `message ${n}`));
  s.close();
});

const ids = (ms: MessageDto[]) => ms.map((m) => m.id);
const at = (i: number) => sent[i]?.id ?? "";
const conversationId = () => sent[0]?.conversationId ?? "";

describe("an offline recipient", () => {
  it("finds the conversation, newest first, with its last message and unread count, when they come back", async () => {
    const instructor = await loginAs(t.url, DEMO.instructor);
    const { conversations } = (await instructor.get<ConversationsResponse>("/api/conversations")).body;
    expect(conversations[0]).toMatchObject({
      id: conversationId(),
      kind: "direct",
      lastMessage: { id: at(6), content: "message 7" },
      unreadCount: 7,
    });
    expect(conversations[0]?.participants.map((p) => p.id).sort()).toEqual([learner.user.id, instructorId].sort());
    expect(JSON.stringify(conversations)).not.toMatch(/email|_id|password/);
    const history = (await instructor.get<MessagesPageResponse>(`/api/messages/history/${learner.user.id}`)).body;
    expect(ids(history.messages)).toEqual(ids(sent));
    expect(history.nextCursor).toBeNull();
  });
});

describe("pagination", () => {
  it("before: newest page first, each page chronological, until nextCursor is null", async () => {
    const base = `/api/messages/history/${instructorId}?limit=3`;
    const p1 = (await learner.get<MessagesPageResponse>(base)).body;
    expect(ids(p1.messages)).toEqual([at(4), at(5), at(6)]);
    expect(p1.nextCursor).toBe(at(4));
    const p2 = (await learner.get<MessagesPageResponse>(`${base}&before=${p1.nextCursor ?? ""}`)).body;
    expect(ids(p2.messages)).toEqual([at(1), at(2), at(3)]);
    const p3 = (await learner.get<MessagesPageResponse>(`${base}&before=${p2.nextCursor ?? ""}`)).body;
    expect([ids(p3.messages), p3.nextCursor]).toEqual([[at(0)], null]);
  });

  it("after: the resync after a reconnect, oldest missed first", async () => {
    const base = `/api/conversations/${conversationId()}/messages?limit=3`;
    const r1 = (await learner.get<MessagesPageResponse>(`${base}&after=${at(1)}`)).body;
    expect([ids(r1.messages), r1.nextCursor]).toEqual([[at(2), at(3), at(4)], at(4)]);
    const r2 = (await learner.get<MessagesPageResponse>(`${base}&after=${r1.nextCursor ?? ""}`)).body;
    expect([ids(r2.messages), r2.nextCursor]).toEqual([[at(5), at(6)], null]);
  });
});

describe("only members read a conversation", () => {
  it("anyone else gets 404; bad queries are 400s", async () => {
    const foreign = await stranger.get<ErrorResponse>(`/api/conversations/${conversationId()}/messages`);
    expect([foreign.status, foreign.body.error.code]).toEqual([404, "NOT_FOUND"]);
    const byPeer = await stranger.get<ErrorResponse>(`/api/messages/history/${learner.user.id}`);
    expect(byPeer.status).toBe(404);
    expect((await stranger.get(`/api/messages/history/${instructorId}`)).status).toBe(404);
    expect((await stranger.get(`/api/conversations/aaaaaaaaaaaaaaaaaaaaaaaa/messages`)).status).toBe(404);
    expect((await stranger.get<ConversationsResponse>("/api/conversations")).body.conversations).toEqual([]);
    for (const q of ["limit=0", "limit=101", "before=nope", `before=${at(1)}&after=${at(0)}`, "before[$gt]=", "sender=x"]) {
      const r = await learner.get<ErrorResponse>(`/api/conversations/${conversationId()}/messages?${q}`);
      expect([q, r.status, r.body.error.code]).toEqual([q, 400, "BAD_REQUEST"]);
    }
    expect((await learner.get(`/api/conversations/not-an-id/messages`)).status).toBe(400);
    expect((await new Api(t.url).get("/api/conversations")).status).toBe(401);
  });

  it("a pair that may chat but has not yet: an empty history", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const res = await admin.get<MessagesPageResponse>(`/api/messages/history/${stranger.user.id}`);
    expect([res.status, res.body]).toEqual([200, { messages: [], nextCursor: null }]);
  });
});
