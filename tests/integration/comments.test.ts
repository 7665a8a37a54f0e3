import { beforeAll, describe, expect, it } from "vitest";
import type { ErrorResponse } from "@/contracts/errors";
import type { CommentsResponse, CoursesResponse, NotificationsResponse, PostCommentResponse } from "@/contracts/rest";
import {
  Api,
  connect,
  DEMO,
  emitAck,
  loginAs,
  nextEvent,
  record,
  settle,
  useTestServer,
} from "./support/harness";

const t = useTestServer();
let courses: CoursesResponse["courses"];
beforeAll(async () => {
  courses = ((await (await fetch(`${t.url}/api/courses`)).json()) as CoursesResponse).courses;
});

/** Course 1 is owned by learner2 in the seed; lesson 0 is the free preview, lesson 1 is paid. */
function lessonOf(courseIndex: number, lessonIndex: number) {
  const course = courses[courseIndex];
  const lesson = course?.lessons[lessonIndex];
  if (!course || !lesson) throw new Error("no such lesson");
  return { course, lesson };
}

describe("lesson Q&A", () => {
  it("a question and its reply reach everyone on the lesson; the reply notifies the asker, not a self-reply", async () => {
    const { course, lesson } = lessonOf(1, 1);
    const [asker, instructor, admin] = await Promise.all([
      loginAs(t.url, DEMO.learner2),
      loginAs(t.url, DEMO.instructor),
      loginAs(t.url, DEMO.admin),
    ]);
    const [askerSocket, instructorSocket, elsewhere] = await Promise.all([
      connect(t.url, { token: asker.token }),
      connect(t.url, { token: instructor.token }),
      connect(t.url, { token: admin.token }),
    ]);
    for (const s of [askerSocket, instructorSocket]) {
      expect(await emitAck(s, "joinLesson", { lessonId: lesson.id })).toEqual({ ok: true, data: null });
    }
    expect(await emitAck(elsewhere, "joinLesson", { lessonId: lessonOf(1, 2).lesson.id })).toMatchObject({ ok: true });
    const elsewhereHeard = record(elsewhere, "newComment");
    const url = `/api/lessons/${lesson.id}/comments`;

    const instructorSees = nextEvent(instructorSocket, "newComment");
    const q = await asker.post<PostCommentResponse>(url, { text: "Why does the effect run twice?" });
    expect(q.status).toBe(201);
    expect(q.body.comment).toMatchObject({ lessonId: lesson.id, courseId: course.id, parentId: null, author: { id: asker.user.id, name: "Leo Learner" } });
    expect(await instructorSees).toEqual({ lessonId: lesson.id, comment: q.body.comment });

    const askerSees = nextEvent(askerSocket, "newComment");
    const askerNotified = nextEvent(askerSocket, "newNotification", 3000, (x) => x.type === "reply");
    const reply = await instructor.post<PostCommentResponse>(url, { text: "StrictMode mounts twice in dev.", parentId: q.body.comment.id });
    expect(reply.status).toBe(201);
    expect(reply.body.comment.parentId).toBe(q.body.comment.id);
    expect(await askerSees).toEqual({ lessonId: lesson.id, comment: reply.body.comment });
    const note = await askerNotified;
    expect(note).toMatchObject({ recipientId: asker.user.id, link: `/courses/${course.id}/lessons/${lesson.id}` });
    expect(note.message).toContain("StrictMode");

    // The asker answering their own question notifies no one.
    const askerNotes = record(askerSocket, "newNotification");
    const instructorNotes = record(instructorSocket, "newNotification");
    expect((await asker.post(url, { text: "Thanks!", parentId: q.body.comment.id })).status).toBe(201);
    await settle(askerSocket, instructorSocket, elsewhere);
    expect(askerNotes).toEqual([]);
    expect(instructorNotes).toEqual([]);
    expect(elsewhereHeard).toEqual([]);

    const list = await admin.get<CommentsResponse>(url);
    expect(list.status).toBe(200);
    expect(list.body.comments.map((c) => c.text)).toEqual(["Why does the effect run twice?", "StrictMode mounts twice in dev.", "Thanks!"]);
    const mine = await asker.get<NotificationsResponse>("/api/notifications");
    expect(mine.body.notifications.filter((x) => x.type === "reply")).toHaveLength(1);
  });

  it("refuses unknown lessons (404), replies to replies (400), non-members (403) and hostile bodies (400)", async () => {
    const { lesson } = lessonOf(1, 1);
    const preview = lessonOf(1, 0).lesson;
    const [member, outsider] = await Promise.all([loginAs(t.url, DEMO.learner2), loginAs(t.url, DEMO.learner1)]);
    const url = `/api/lessons/${lesson.id}/comments`;
    const q = await member.post<PostCommentResponse>(url, { text: "A question" });
    const r = await member.post<PostCommentResponse>(url, { text: "A reply", parentId: q.body.comment.id });
    expect(r.status).toBe(201);
    const before = (await member.get<CommentsResponse>(url)).body.comments.length;

    const unknown = await member.post<ErrorResponse>("/api/lessons/aaaaaaaaaaaaaaaaaaaaaaaa/comments", { text: "hi" });
    expect(unknown.status).toBe(404);
    expect((await member.get("/api/lessons/aaaaaaaaaaaaaaaaaaaaaaaa/comments")).status).toBe(404);
    const nested = await member.post<ErrorResponse>(url, { text: "deeper", parentId: r.body.comment.id });
    expect(nested.status).toBe(400);
    // A question of another lesson is not a valid parent either.
    const other = await member.post<PostCommentResponse>(`/api/lessons/${lessonOf(1, 2).lesson.id}/comments`, { text: "elsewhere" });
    expect((await member.post(url, { text: "cross", parentId: other.body.comment.id })).status).toBe(400);

    const forbidden = await outsider.post<ErrorResponse>(url, { text: "let me in" });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe("FORBIDDEN");
    expect((await outsider.get(url)).status).toBe(403);
    // The preview lesson's Q&A is readable by anyone signed in, but only members post there.
    expect((await outsider.get(`/api/lessons/${preview.id}/comments`)).status).toBe(200);
    expect((await outsider.post(`/api/lessons/${preview.id}/comments`, { text: "hi" })).status).toBe(403);
    expect((await new Api(t.url).get(url)).status).toBe(401);

    for (const body of [{ text: "" }, { text: { $gt: "" } }, { text: "x".repeat(2001) }, { text: "x", parentId: { $ne: null } }, { text: "x", parentId: "nope" }, { text: "x", author: "me" }]) {
      expect((await member.post(url, body)).status).toBe(400);
    }
    expect((await member.post(`/api/lessons/${encodeURIComponent('{"$gt":""}')}/comments`, { text: "x" })).status).toBe(400);
    expect((await member.get<CommentsResponse>(url)).body.comments.length).toBe(before);

    const s = await connect(t.url, { token: outsider.token });
    expect(await emitAck(s, "joinLesson", { lessonId: lesson.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emitAck(s, "joinLesson", { lessonId: preview.id })).toEqual({ ok: true, data: null });
    expect(await emitAck(s, "joinLesson", { lessonId: "aaaaaaaaaaaaaaaaaaaaaaaa" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await emitAck(s, "joinLesson", { lessonId: { $gt: "" } })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
  });
});
