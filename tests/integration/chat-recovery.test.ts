import { describe, expect, it } from "vitest";
import type { MessageDto } from "@/contracts/dto";
import { buyFirstCourse, freshLearner, sendOk } from "./support/chat";
import { connect, DEMO, loginAs, nextEvent, settle, useTestServer } from "./support/harness";

const t = useTestServer();

/**
 * Connection state recovery (Socket.IO keeps what the server broadcast for two minutes: AppAdapter
 * extends its SessionAwareAdapter): a tab whose network drops and comes back in time gets every chat
 * message it missed, once, in order, and nothing meant for others.
 */
describe("a recovered tab gets the chat messages it missed", () => {
  it("replays exactly the missed messages of its rooms, in order", async () => {
    const [learner, instructor, other] = await Promise.all([freshLearner(t.url), loginAs(t.url, DEMO.instructor), freshLearner(t.url, "Otto Other")]);
    await Promise.all([buyFirstCourse(learner), buyFirstCourse(other)]);
    const [tab, teacher, otherTab] = await Promise.all([learner, instructor, other].map((u) => connect(t.url, { token: u.token })));
    if (!tab || !teacher || !otherTab) throw new Error("sockets");
    const got: MessageDto[] = [];
    tab.on("newMessage", (m: MessageDto) => got.push(m));

    const first = await sendOk(tab, { recipientId: instructor.user.id }, "before");
    const conversationId = first.conversationId;
    const heard = nextEvent(tab, "newMessage", 3000, (m) => m.content === "reply 0");
    await sendOk(teacher, { conversationId }, "reply 0");
    await heard; // the tab now holds an offset to resume from

    const gone = new Promise((resolve) => tab.once("disconnect", resolve));
    tab.io.engine.close(); // the network drops: a recoverable disconnect
    await gone;
    const missed: MessageDto[] = [];
    for (let n = 1; n <= 3; n++) missed.push(await sendOk(teacher, { conversationId }, `away ${String(n)}`));
    await sendOk(otherTab, { recipientId: instructor.user.id }, "not for the tab"); // another pair's conversation

    const back = new Promise<void>((resolve) => tab.once("connect", () => { resolve(); }));
    tab.connect();
    await back;
    expect(tab.recovered).toBe(true);
    await settle(tab);
    const replayed = got.slice(got.findIndex((m) => m.content === "reply 0") + 1);
    expect(replayed.map((m) => [m.id, m.content])).toEqual(missed.map((m) => [m.id, m.content]));
    expect(got.some((m) => m.content === "not for the tab")).toBe(false);

    // Live again: the next message arrives once.
    const live = nextEvent(tab, "newMessage", 3000, (m) => m.content === "live");
    await sendOk(teacher, { conversationId }, "live");
    await live;
    await settle(tab);
    expect(got.filter((m) => m.content === "live")).toHaveLength(1);
  });
});
