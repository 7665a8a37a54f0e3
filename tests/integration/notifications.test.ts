import { beforeAll, describe, expect, it } from "vitest";
import type { ErrorResponse } from "@/contracts/errors";
import type { CoursesResponse, NotificationResponse, NotificationsResponse, ReadAllResponse } from "@/contracts/rest";
import { connect, DEMO, loginAs, nextEvent, useTestServer } from "./support/harness";

const t = useTestServer();
beforeAll(async () => {
  // Two purchases give the admin and the instructor fresh notifications.
  const learner = await loginAs(t.url, DEMO.learner1);
  const { courses } = (await learner.get<CoursesResponse>("/api/courses")).body;
  for (const c of courses.slice(0, 2)) await learner.post(`/api/courses/${c.id}/purchase`);
});

describe("GET /api/notifications", () => {
  it("returns the caller's own, newest first, with the unread count", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const { status, body } = await admin.get<NotificationsResponse>("/api/notifications");
    expect(status).toBe(200);
    expect(body.notifications.length).toBeGreaterThanOrEqual(3);
    expect(body.notifications.every((n) => n.recipientId === admin.user.id)).toBe(true);
    const times = body.notifications.map((n) => n.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(body.unreadCount).toBe(body.notifications.filter((n) => n.status === "unread").length);
  });

  it("scope=all for admins only; since and before page through", async () => {
    const [admin, instructor] = await Promise.all([loginAs(t.url, DEMO.admin), loginAs(t.url, DEMO.instructor)]);
    const all = (await admin.get<NotificationsResponse>("/api/notifications?scope=all")).body.notifications;
    expect(new Set(all.map((n) => n.recipientId)).size).toBeGreaterThanOrEqual(2);
    const refused = await instructor.get<ErrorResponse>("/api/notifications?scope=all");
    expect([refused.status, refused.body.error.code]).toEqual([403, "FORBIDDEN"]);

    const mine = (await admin.get<NotificationsResponse>("/api/notifications")).body.notifications;
    const newest = mine[0];
    const second = mine[1];
    if (!newest || !second) throw new Error("need two notifications");
    const page = (await admin.get<NotificationsResponse>(`/api/notifications?limit=1&before=${encodeURIComponent(newest.createdAt)}`)).body;
    expect(page.notifications.map((n) => n.id)).toEqual([second.id]);
    const since = (await admin.get<NotificationsResponse>(`/api/notifications?since=${encodeURIComponent(second.createdAt)}`)).body;
    expect(since.notifications.map((n) => n.id)).toEqual([newest.id]);
  });

  it("hostile query strings are 400s", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    for (const q of ["limit=0", "limit=abc", "since=yesterday", "scope=everything", "recipient=x", "limit[$gt]=1"]) {
      const r = await admin.get<ErrorResponse>(`/api/notifications?${q}`);
      expect([q, r.status, r.body.error.code]).toEqual([q, 400, "BAD_REQUEST"]);
    }
  });
});

describe("marking read", () => {
  it("only the recipient may (others get 404); every tab of the recipient hears notificationsRead", async () => {
    const [admin, instructor] = await Promise.all([loginAs(t.url, DEMO.admin), loginAs(t.url, DEMO.instructor)]);
    const unread = (await admin.get<NotificationsResponse>("/api/notifications")).body.notifications.find((n) => n.status === "unread");
    if (!unread) throw new Error("admin has no unread notification");

    const stranger = await instructor.put<ErrorResponse>(`/api/notifications/${unread.id}`);
    expect([stranger.status, stranger.body.error.code]).toEqual([404, "NOT_FOUND"]);
    expect((await instructor.put(`/api/notifications/not-an-id`)).status).toBe(400);
    expect((await instructor.put(`/api/notifications/aaaaaaaaaaaaaaaaaaaaaaaa`)).status).toBe(404);
    const still = (await admin.get<NotificationsResponse>("/api/notifications")).body.notifications.find((n) => n.id === unread.id);
    expect(still?.status).toBe("unread");

    const otherTab = await connect(t.url, { token: admin.token });
    const heard = nextEvent(otherTab, "notificationsRead");
    const before = (await admin.get<NotificationsResponse>("/api/notifications")).body.unreadCount;
    const res = await admin.put<NotificationResponse>(`/api/notifications/${unread.id}`);
    expect(res.status).toBe(200);
    expect(res.body.notification).toMatchObject({ id: unread.id, status: "read" });
    expect(await heard).toEqual({ ids: [unread.id] });
    expect((await admin.get<NotificationsResponse>("/api/notifications")).body.unreadCount).toBe(before - 1);
  });

  it("read-all marks the caller's unread ones, answers { updated }, and clears every tab", async () => {
    const [instructor, admin] = await Promise.all([loginAs(t.url, DEMO.instructor), loginAs(t.url, DEMO.admin)]);
    const adminUnread = (await admin.get<NotificationsResponse>("/api/notifications")).body.unreadCount;
    const unread = (await instructor.get<NotificationsResponse>("/api/notifications")).body.unreadCount;
    expect(unread).toBeGreaterThan(0);
    const [tab1, tab2] = await Promise.all([connect(t.url, { token: instructor.token }), connect(t.url, { token: instructor.token })]);
    const heard = Promise.all([nextEvent(tab1, "notificationsRead"), nextEvent(tab2, "notificationsRead")]);
    const res = await instructor.put<ReadAllResponse>("/api/notifications/read-all");
    expect(res.body).toEqual({ updated: unread });
    expect(await heard).toEqual([{ ids: "all" }, { ids: "all" }]);
    expect((await instructor.get<NotificationsResponse>("/api/notifications")).body.unreadCount).toBe(0);
    expect((await instructor.put<ReadAllResponse>("/api/notifications/read-all")).body).toEqual({ updated: 0 });
    // Someone else's are untouched.
    expect((await admin.get<NotificationsResponse>("/api/notifications")).body.unreadCount).toBe(adminUnread);
  });
});
