import { beforeAll, describe, expect, it } from "vitest";
import type { ErrorResponse } from "@/contracts/errors";
import type {
  AdminPurchasesResponse,
  CourseResponse,
  CoursesResponse,
  NotificationsResponse,
  PurchaseResponse,
} from "@/contracts/rest";
import { Api, connect, DEMO, loginAs, nextEvent, record, settle, useTestServer } from "./support/harness";

const t = useTestServer();
let courses: CoursesResponse["courses"];
beforeAll(async () => {
  courses = (await (await fetch(`${t.url}/api/courses`)).json() as CoursesResponse).courses;
});

describe("catalog", () => {
  it("lists the seeded courses with instructor and lessons, and no video URLs (SPEC F2)", () => {
    expect(courses.length).toBeGreaterThanOrEqual(3);
    for (const c of courses) {
      expect(c.instructor).toMatchObject({ name: "Ivan Instructor", role: "instructor" });
      expect(c.lessons.length).toBeGreaterThanOrEqual(4);
      expect(c.lessons.every((l) => l.videoUrl === undefined && /^[0-9a-f]{24}$/.test(l.id))).toBe(true);
      expect(JSON.stringify(c)).not.toContain("_id");
    }
  });

  it("a course by id or slug; owned only with a buyer's token", async () => {
    const course = courses[0];
    if (!course) throw new Error("no course");
    const bySlug = (await (await fetch(`${t.url}/api/courses/${course.slug}`)).json()) as CourseResponse;
    expect(bySlug).toMatchObject({ course: { id: course.id }, owned: false });
    expect(bySlug.course.lessons.filter((l) => l.videoUrl !== undefined)).toEqual([]);
    const missing = await fetch(`${t.url}/api/courses/aaaaaaaaaaaaaaaaaaaaaaaa`);
    expect(missing.status).toBe(404);
    const junk = await fetch(`${t.url}/api/courses/${encodeURIComponent('{"$gt":""}')}`);
    expect(junk.status).toBe(400);
  });
});

describe("POST /api/courses/:id/purchase", () => {
  it("notifies every admin and the instructor live, streams it to /admin, and tells the learner nothing", async () => {
    const [learner, admin, instructor, other] = await Promise.all([
      loginAs(t.url, DEMO.learner1),
      loginAs(t.url, DEMO.admin),
      loginAs(t.url, DEMO.instructor),
      loginAs(t.url, DEMO.learner2),
    ]);
    const [ls, as, dash, is, os] = await Promise.all([
      connect(t.url, { token: learner.token }),
      connect(t.url, { token: admin.token }),
      connect(t.url, { token: admin.token, ns: "/admin" }),
      connect(t.url, { token: instructor.token }),
      connect(t.url, { token: other.token }),
    ]);
    const learnerHeard = record(ls, "newNotification");
    const otherHeard = record(os, "newNotification");
    const course = courses[0];
    if (!course) throw new Error("no course");
    const adminGets = nextEvent(as, "newNotification");
    const instructorGets = nextEvent(is, "newNotification");
    const dashboardGets = nextEvent(dash, "purchaseCreated");

    const res = await learner.post<PurchaseResponse>(`/api/courses/${course.id}/purchase`);
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(true);
    expect(res.body.purchase).toMatchObject({ courseId: course.id, courseTitle: course.title, priceCents: course.priceCents, learner: { id: learner.user.id, name: "Lena Learner" } });

    const [a, i, d] = await Promise.all([adminGets, instructorGets, dashboardGets]);
    expect(a).toMatchObject({ type: "course_purchased", recipientId: admin.user.id, status: "unread", link: "/admin" });
    expect(a.message).toContain(course.title);
    expect(i).toMatchObject({ type: "course_purchased", recipientId: instructor.user.id, link: `/courses/${course.id}` });
    expect(d).toEqual(res.body.purchase);
    await settle(ls, os);
    expect(learnerHeard).toEqual([]);
    expect(otherHeard).toEqual([]);

    const owned = await learner.get<CourseResponse>(`/api/courses/${course.id}`);
    expect(owned.body.owned).toBe(true);
    // Bought: every lesson now carries a signed video URL for this learner.
    expect(owned.body.course.lessons.every((l) => l.videoUrl?.startsWith(`/api/media/${l.id}?`) && l.videoUrl.includes(`u=${learner.user.id}`))).toBe(true);
    const mine = await learner.get<CoursesResponse>("/api/me/courses");
    expect(mine.body.courses.map((c) => c.id)).toContain(course.id);
    const list = await admin.get<AdminPurchasesResponse>("/api/admin/purchases");
    expect(list.body.purchases[0]).toEqual(res.body.purchase);
  });

  it("is idempotent: a repeat returns 200 created=false, records nothing and notifies no one", async () => {
    const [learner, admin] = await Promise.all([loginAs(t.url, DEMO.learner2), loginAs(t.url, DEMO.admin)]);
    const course = courses[2];
    if (!course) throw new Error("no course");
    const count = async () => (await admin.get<NotificationsResponse>("/api/notifications?scope=all&limit=100")).body.notifications.length;
    const first = await learner.post<PurchaseResponse>(`/api/courses/${course.id}/purchase`);
    expect(first.status).toBe(201);
    const afterFirst = await count();
    const as = await connect(t.url, { token: admin.token });
    const heard = record(as, "newNotification");
    const repeats = await Promise.all([1, 2, 3].map(() => learner.post<PurchaseResponse>(`/api/courses/${course.id}/purchase`)));
    for (const r of repeats) {
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ purchase: first.body.purchase, created: false });
    }
    await settle(as);
    expect(heard).toEqual([]);
    expect(await count()).toBe(afterFirst);
    const purchases = (await admin.get<AdminPurchasesResponse>("/api/admin/purchases")).body.purchases;
    expect(purchases.filter((p) => p.courseId === course.id && p.learner.id === learner.user.id)).toHaveLength(1);
  });

  it("concurrent first purchases record exactly one and notify once", async () => {
    const email = `racer-${Date.now()}@example.test`;
    const racer = new Api(t.url);
    const reg = await racer.post<{ accessToken: string }>("/api/auth/register", { name: "Rae Racer", email, password: "long-enough-pw" });
    racer.token = reg.body.accessToken;
    const admin = await loginAs(t.url, DEMO.admin);
    const as = await connect(t.url, { token: admin.token });
    const heard = record(as, "newNotification");
    const course = courses[3] ?? courses[0];
    if (!course) throw new Error("no course");
    const results = await Promise.all([1, 2, 3, 4].map(() => racer.post<PurchaseResponse>(`/api/courses/${course.id}/purchase`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.purchase.id)).size).toBe(1);
    await settle(as);
    expect(heard.filter((n) => n.message.includes("Rae Racer"))).toHaveLength(1);
  });

  it("refuses non-learners (403), unknown courses (404), bad ids (400), anonymous callers (401)", async () => {
    const [admin, instructor, learner] = await Promise.all([
      loginAs(t.url, DEMO.admin),
      loginAs(t.url, DEMO.instructor),
      loginAs(t.url, DEMO.learner1),
    ]);
    const id = courses[1]?.id ?? "";
    const code = async (p: Promise<{ status: number; body: ErrorResponse }>) => {
      const r = await p;
      return [r.status, r.body.error.code];
    };
    expect(await code(admin.post(`/api/courses/${id}/purchase`))).toEqual([403, "FORBIDDEN"]);
    expect(await code(instructor.post(`/api/courses/${id}/purchase`))).toEqual([403, "FORBIDDEN"]);
    expect(await code(learner.post("/api/courses/aaaaaaaaaaaaaaaaaaaaaaaa/purchase"))).toEqual([404, "NOT_FOUND"]);
    expect(await code(learner.post("/api/courses/not-an-id/purchase"))).toEqual([400, "BAD_REQUEST"]);
    expect(await code(learner.post(`/api/courses/${encodeURIComponent('{"$gt":""}')}/purchase`))).toEqual([400, "BAD_REQUEST"]);
    const anon = await fetch(`${t.url}/api/courses/${id}/purchase`, { method: "POST" });
    expect(anon.status).toBe(401);
    const notBought = (await learner.get<CourseResponse>(`/api/courses/${id}`)).body;
    expect(notBought.owned).toBe(false);
    // Not bought: the free preview (the first lesson) only.
    expect(notBought.course.lessons.map((l) => l.videoUrl !== undefined)).toEqual(notBought.course.lessons.map((_, i) => i === 0));
  });
});
