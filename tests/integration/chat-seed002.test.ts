import { describe, expect, it, vi } from "vitest";
import type { MessageDto } from "@/contracts/dto";
import type { MessagesPageResponse } from "@/contracts/rest";
import { buyFirstCourse, freshLearner, send } from "./support/chat";
import { connect, DEMO, loginAs, nextEvent, useTestServer, type ClientSocket } from "./support/harness";

const t = useTestServer();

/** What seed 002's `useChat` does: no clientId, no ack, its own `senderId` field. */
function seed002Send(socket: ClientSocket, payload: { content: string; senderId: string; recipientId: string }): void {
  (socket as unknown as { emit(event: string, payload: unknown): void }).emit("message", payload);
}

describe("a client written from seed 002 chats with our UI's clients", () => {
  it("sends without clientId or ack; both sides get newMessage with senderId and recipientId", async () => {
    const learner = await freshLearner(t.url);
    await buyFirstCourse(learner);
    const instructor = await loginAs(t.url, DEMO.instructor);
    const [seedClient, ourUi] = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: instructor.token })]);

    const mine = nextEvent(seedClient, "newMessage", 4000);
    const theirs = nextEvent(ourUi, "newMessage", 4000);
    // The payload's senderId is ignored: the sender is the token's user.
    seed002Send(seedClient, { content: "hello from seed 002", senderId: instructor.user.id, recipientId: instructor.user.id });
    const [a, b] = await Promise.all([mine, theirs]);
    expect(a).toEqual(b);
    expect(b).toMatchObject({ content: "hello from seed 002", senderId: learner.user.id, recipientId: instructor.user.id });
    expect(b.clientId).toMatch(/^[\w-]{1,64}$/);

    // Our UI's reply, with ack and clientId, reaches the seed client with recipientId = the seed user.
    const reply = nextEvent(seedClient, "newMessage", 4000, (m: MessageDto) => m.senderId === instructor.user.id);
    const ack = await send(ourUi, { conversationId: b.conversationId }, "hi back", "acc-1");
    expect(ack.ok).toBe(true);
    expect(await reply).toMatchObject({ content: "hi back", recipientId: learner.user.id, clientId: "acc-1" });

    const history = await learner.get<MessagesPageResponse>(`/api/conversations/${b.conversationId}/messages`);
    expect(history.body.messages.map((m) => m.content)).toEqual(["hello from seed 002", "hi back"]);
  });

  it("short client ids are accepted; a send without an ack that fails is logged, not thrown, and the socket lives", async () => {
    const learner = await freshLearner(t.url);
    const socket = await connect(t.url, { token: learner.token });
    const errors = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      // Not allowed: a learner who bought nothing writing to the instructor.
      const instructor = await loginAs(t.url, DEMO.instructor);
      seed002Send(socket, { content: "may I?", senderId: learner.user.id, recipientId: instructor.user.id });
      await vi.waitFor(() => {
        expect(errors.mock.calls.flat().join(" ")).toMatch(/message.*FORBIDDEN|FORBIDDEN.*message/);
      }, { timeout: 4000 });
      expect(socket.connected).toBe(true);
    } finally {
      errors.mockRestore();
    }
    const admin = await loginAs(t.url, DEMO.admin);
    const short = await send(socket, { recipientId: admin.user.id }, "help", "a");
    expect(short.ok).toBe(true);
  });
});
