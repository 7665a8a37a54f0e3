import { beforeAll, describe, expect, it } from "vitest";
import type { Ack } from "@/contracts/ack";
import type { ErrorResponse } from "@/contracts/errors";
import type { CourseResponse, CoursesResponse, NotificationsResponse, PostReviewResponse, ReviewsResponse } from "@/contracts/rest";
import {
  Api,
  connect,
  DEMO,
  emitAck,
  loginAs,
  nextEvent,
  record,
  settle,
  sleep,
  useTestServer,
} from "./support/harness";

const t = useTestServer();
let courses: CoursesResponse["courses"];
beforeAll(async () => {
  courses = ((await (await fetch(`${t.url}/api/courses`)).json()) as CoursesResponse).courses;
});

const courseAt = (i: number) => {
  const c = courses[i];
  if (!c) throw new Error(`no course ${String(i)}`);
  return c;
};

let n = 0;
/** A fresh learner who bought course `i` (or nothing). */
async function learner(buys?: number): Promise<Api> {
  n += 1;
  const api = new Api(t.url);
  const res = await api.post<{ accessToken: string }>("/api/auth/register", {
    name: `Rita Reviewer ${String(n)}`,
    email: `rev-${String(n)}-${String(Date.now())}@example.test`,
    password: "long-enough-pw",
  });
  api.token = res.body.accessToken;
  if (buys !== undefined) expect((await api.post(`/api/courses/${courseAt(buys).id}/purchase`)).status).toBe(201);
  return api;
}

describe("POST /api/courses/:id/reviews", () => {
  it("a buyer's review reaches every open course page with the new average, and the instructor is notified", async () => {
    const course = courseAt(1); // seeded: learner2 owns it, 3 reviews summing 14
    const [buyer, watcher, instructor] = await Promise.all([
      loginAs(t.url, DEMO.learner2),
      loginAs(t.url, DEMO.learner1),
      loginAs(t.url, DEMO.instructor),
    ]);
    const [ws, is, other] = await Promise.all([
      connect(t.url, { token: watcher.token }),
      connect(t.url, { token: instructor.token }),
      connect(t.url, { token: watcher.token }),
    ]);
    expect(await emitAck(ws, "joinCourse", { courseId: course.id })).toEqual({ ok: true, data: null });
    expect(await emitAck(other, "joinCourse", { courseId: courseAt(0).id })).toMatchObject({ ok: true });
    const otherHeard = record(other, "newReview");
    const pushed = nextEvent(ws, "newReview");
    const notified = nextEvent(is, "newNotification", 3000, (x) => x.type === "new_review");

    const res = await buyer.post<PostReviewResponse>(`/api/courses/${course.id}/reviews`, { rating: 5, text: "  Clear and practical.  " });
    expect(res.status).toBe(201);
    expect(res.body.review).toMatchObject({ courseId: course.id, rating: 5, text: "Clear and practical.", author: { id: buyer.user.id, name: "Leo Learner", role: "learner" } });
    expect(res.body).toMatchObject({ averageRating: 4.8, reviewsCount: 4 });
    expect(JSON.stringify(res.body)).not.toContain("_id");

    expect(await pushed).toEqual({ courseId: course.id, ...res.body });
    const note = await notified;
    expect(note).toMatchObject({ recipientId: instructor.user.id, link: `/courses/${course.id}`, status: "unread" });
    expect(note.message).toContain(course.title);

    const list = await new Api(t.url).get<ReviewsResponse>(`/api/courses/${course.id}/reviews`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ averageRating: 4.8, reviewsCount: 4 });
    expect(list.body.reviews[0]).toEqual(res.body.review);
    const detail = await new Api(t.url).get<CourseResponse>(`/api/courses/${course.id}`);
    expect(detail.body.course).toMatchObject({ averageRating: 4.8, reviewsCount: 4 });

    // Left the room: no more pushes.
    ws.emit("leaveCourse", { courseId: course.id });
    await settle(ws);
    const after = record(ws, "newReview");
    const second = await learner(1);
    expect((await second.post(`/api/courses/${course.id}/reviews`, { rating: 1, text: "Not for me" })).status).toBe(201);
    await settle(ws, other);
    expect(after).toEqual([]);
    expect(otherHeard).toEqual([]);
  });

  it("lists newest first and pages with `before`", async () => {
    const course = courseAt(3);
    const a = await learner(3);
    const b = await learner(3);
    const first = await a.post<PostReviewResponse>(`/api/courses/${course.id}/reviews`, { rating: 2, text: "first" });
    await sleep(20);
    const second = await b.post<PostReviewResponse>(`/api/courses/${course.id}/reviews`, { rating: 5, text: "second" });
    expect(second.body).toMatchObject({ averageRating: 3.5, reviewsCount: 2 });
    const page1 = await a.get<ReviewsResponse>(`/api/courses/${course.id}/reviews?limit=1`);
    expect(page1.body.reviews.map((r) => r.text)).toEqual(["second"]);
    const before = encodeURIComponent(second.body.review.createdAt);
    const page2 = await a.get<ReviewsResponse>(`/api/courses/${course.id}/reviews?limit=1&before=${before}`);
    expect(page2.body.reviews).toEqual([first.body.review]);
  });

  it("refuses non-buyers (403), a second review (409) and bad ratings (400), changing nothing", async () => {
    const course = courseAt(2);
    const stranger = await learner();
    const buyer = await learner(2);
    const [admin, instructor] = await Promise.all([loginAs(t.url, DEMO.admin), loginAs(t.url, DEMO.instructor)]);
    const countBefore = (await buyer.get<ReviewsResponse>(`/api/courses/${course.id}/reviews`)).body.reviewsCount;
    const ws = await connect(t.url, { token: stranger.token ?? "" });
    await emitAck(ws, "joinCourse", { courseId: course.id });
    const heard = record(ws, "newReview");
    const instrNotes = async () =>
      (await instructor.get<NotificationsResponse>("/api/notifications?limit=100")).body.notifications.filter((x) => x.type === "new_review").length;
    const notesBefore = await instrNotes();

    const url = `/api/courses/${course.id}/reviews`;
    for (const who of [stranger, admin, instructor]) {
      const r = await who.post<ErrorResponse>(url, { rating: 4, text: "nice" });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("FORBIDDEN");
    }
    expect((await new Api(t.url).post(url, { rating: 4, text: "anon" })).status).toBe(401);
    for (const rating of [0, 6, "5", { $gt: "" }, 4.5, null]) {
      const r = await buyer.post<ErrorResponse>(url, { rating, text: "hostile" });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("BAD_REQUEST");
    }
    for (const body of [{ rating: 3, text: "" }, { rating: 3, text: "x".repeat(2001) }, { rating: 3, text: "x", courseId: course.id }, "not json"]) {
      expect((await buyer.post(url, body)).status).toBe(400);
    }
    expect((await buyer.post(`/api/courses/${encodeURIComponent('{"$gt":""}')}/reviews`, { rating: 3, text: "x" })).status).toBe(400);
    expect((await buyer.post("/api/courses/aaaaaaaaaaaaaaaaaaaaaaaa/reviews", { rating: 3, text: "x" })).status).toBe(404);
    expect((await buyer.get("/api/courses/aaaaaaaaaaaaaaaaaaaaaaaa/reviews")).status).toBe(404);
    expect((await buyer.get(`${url}?before=yesterday`)).status).toBe(400);

    const ok = await buyer.post<PostReviewResponse>(url, { rating: 3, text: "fine" });
    expect(ok.status).toBe(201);
    const again = await Promise.all([1, 2].map(() => buyer.post<ErrorResponse>(url, { rating: 5, text: "changed my mind" })));
    for (const r of again) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe("CONFLICT");
    }
    await settle(ws);
    expect(heard).toHaveLength(1);
    const after = (await buyer.get<ReviewsResponse>(url)).body;
    expect(after.reviewsCount).toBe(countBefore + 1);
    expect(after.reviews.filter((r) => r.author.id === ok.body.review.author.id)).toHaveLength(1);
    expect(await instrNotes()).toBe(notesBefore + 1);
  });

  it("joinCourse needs an existing course and a valid id", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const s = await connect(t.url, { token: admin.token });
    const missing = await emitAck<null>(s, "joinCourse", { courseId: "aaaaaaaaaaaaaaaaaaaaaaaa" });
    expect(missing).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const junk: Ack<null> = await emitAck<null>(s, "joinCourse", { courseId: { $gt: "" } });
    expect(junk).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
  });
});
