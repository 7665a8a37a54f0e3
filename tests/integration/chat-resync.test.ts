import { describe, expect, it } from "vitest";
import type { MessageDto, NotificationDto } from "@/contracts/dto";
import type { MessagesPageResponse, NotificationsResponse } from "@/contracts/rest";
import { mergeMessages, newestStoredId, type ChatMessage } from "@/lib/client/chatMerge";
import { applyPushed, applyRead, mergeNotifications, type NotificationsList } from "@/redux/features/notifications/notificationsCache";
import { buyFirstCourse, freshLearner, sendOk } from "./support/chat";
import { connect, DEMO, emitAck, loginAs, nextEvent, settle, useTestServer } from "./support/harness";

const t = useTestServer();
const ids = (list: readonly { id: string }[]) => list.map((x) => x.id);
const once = (list: readonly { id: string }[]) => {
  expect(new Set(ids(list)).size).toBe(list.length);
};

/**
 * SPEC F9: a reconnect that is not recovered resynchronises the way the browser does
 * (redux/features/chat/chatApi.ts, notificationsApi.ts) and merges with its own helpers.
 */
describe("resync after a forced disconnect", () => {
  it("every missed message and notification arrives exactly once after merging with what the tab held", async () => {
    const [learner, instructor, admin] = await Promise.all([freshLearner(t.url), loginAs(t.url, DEMO.instructor), loginAs(t.url, DEMO.admin)]);
    await buyFirstCourse(learner);
    const [tab, i1, i2, as] = await Promise.all([learner, instructor, instructor, admin].map((u) => connect(t.url, { token: u.token })));
    if (!tab || !i1 || !i2 || !as) throw new Error("sockets");

    // What the tab holds: its chat cache (acks and pushes) and its notifications cache.
    let held: ChatMessage[] = [];
    const notes: NotificationsList = (await learner.get<NotificationsResponse>("/api/notifications")).body;
    tab.on("newMessage", (m: MessageDto) => (held = mergeMessages(held, [m])));
    tab.on("newNotification", (n: NotificationDto) => applyPushed(notes, [n]));
    tab.on("notificationsRead", ({ ids: read }) => { applyRead(notes, read); });
    const to = { recipientId: instructor.user.id };
    held = mergeMessages(held, [await sendOk(tab, to, "hi 1"), await sendOk(tab, to, "hi 2")]);
    const conversationId = held[0]?.conversationId ?? "";
    const replied = nextEvent(tab, "newMessage", 3000, (m) => m.content === "reply 2");
    await sendOk(i1, { conversationId }, "reply 1");
    await sendOk(i1, { conversationId }, "reply 2");
    await replied;
    const announced = nextEvent(tab, "newNotification", 3000, (n) => n.title === "Before");
    await emitAck(as, "notification", { title: "Before", message: "held", userId: learner.user.id });
    await announced;
    await emitAck(tab, "markAsRead", { conversationId }); // reads the chat notification too
    await settle(tab);
    expect(held).toHaveLength(4);
    expect(notes.notifications.map((n) => [n.type, n.status])).toEqual([["announcement", "unread"], ["chat_message", "read"]]);
    const heldNoteIds = ids(notes.notifications);

    // The server drops the connection without keeping a session to recover.
    const gone = new Promise<string>((resolve) => tab.once("disconnect", resolve));
    t.server.io.in(tab.id ?? "").disconnectSockets();
    expect(await gone).toBe("io server disconnect");

    // While it is away: 32 messages from two instructor tabs, one from the learner's phone, two announcements.
    const phone = await connect(t.url, { token: learner.token });
    const missed: MessageDto[] = [];
    for (let n = 1; n <= 16; n++) missed.push(await sendOk(i1, { conversationId }, `away ${n}a`), await sendOk(i2, { conversationId }, `away ${n}b`));
    missed.push(await sendOk(phone, to, "from my phone"));
    for (const title of ["Away 1", "Away 2"]) await emitAck(as, "notification", { title, message: "missed", userId: learner.user.id });

    // Reconnect: not recovered, so the cursor is the newest message held when `connect` fires.
    const back = new Promise<string | null>((resolve) => tab.once("connect", () => { resolve(newestStoredId(held)); }));
    tab.connect();
    const cursor = await back;
    expect(tab.recovered).toBe(false);
    // A message sent right after the reconnect arrives live and is also in the resync pages.
    const live = nextEvent(tab, "newMessage", 3000, (m) => m.content === "live");
    missed.push(await sendOk(i1, { conversationId }, "live"));
    await live;

    let pages = 0;
    for (let after = cursor; after; pages++) {
      const page = (await learner.get<MessagesPageResponse>(`/api/conversations/${conversationId}/messages?limit=30&after=${after}`)).body;
      held = mergeMessages(held, page.messages);
      after = page.nextCursor;
    }
    expect(pages).toBe(2);
    once(held);
    const all = (await instructor.get<MessagesPageResponse>(`/api/conversations/${conversationId}/messages?limit=100`)).body.messages;
    expect(ids(held)).toEqual(ids(all));
    expect(held).toHaveLength(4 + missed.length);
    for (const m of missed) expect(held.filter((h) => h.id === m.id)).toHaveLength(1);

    // Notifications: the browser refetches the list; merged with what it held, each one once.
    const fresh = (await learner.get<NotificationsResponse>("/api/notifications")).body;
    const merged = mergeNotifications(notes.notifications, fresh.notifications);
    once(merged);
    expect(merged.map((n) => [n.type, n.status, n.title])).toEqual([
      ["announcement", "unread", "Away 2"],
      ["announcement", "unread", "Away 1"],
      ["chat_message", "unread", `New message from ${instructor.user.name}`],
      ["announcement", "unread", "Before"],
      ["chat_message", "read", `New message from ${instructor.user.name}`],
    ]);
    expect(ids(merged).slice(3)).toEqual(heldNoteIds);
    expect(fresh.unreadCount).toBe(4);
    // The `since` cursor (newest held) answers exactly the three missed ones.
    const since = (await learner.get<NotificationsResponse>(`/api/notifications?since=${encodeURIComponent(notes.notifications[0]?.createdAt ?? "")}`)).body;
    expect(ids(since.notifications)).toEqual(ids(merged).slice(0, 3));
  });
});
