import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CoursesResponse } from "@/contracts/rest";
import { hashPassword } from "@/server/auth/password";
import { User } from "@/models/User";
import { buyFirstCourse, freshLearner } from "./support/chat";
import { connect, DEMO, emitAck, loginAs, record, settle, sleep, useTestServer } from "./support/harness";

// Viewer counts go out at most once per interval per video: a short one, so "nothing more was sent"
// waits just past the moment it would have been.
const INTERVAL = 150;
const t = useTestServer({ timings: { viewerIntervalMs: INTERVAL } });
let courses: CoursesResponse["courses"];
beforeAll(async () => {
  courses = ((await (await fetch(`${t.url}/api/courses`)).json()) as CoursesResponse).courses;
});

/** Course 0's lessons: index 0 is the free preview, index 1 is paid. */
const lessonId = (index: number): string => {
  const id = courses[0]?.lessons[index]?.id;
  if (!id) throw new Error("no such lesson");
  return id;
};

/** An instructor who teaches nothing (the demo instructor teaches every course). */
async function otherInstructor() {
  const email = "instructor2@demo.test";
  if (!(await User.exists({ email }))) {
    await User.create({ name: "Ivo Instructor", email, role: "instructor", passwordHash: await hashPassword("demo-password") });
  }
  return loginAs(t.url, email);
}

describe("watchingVideo follows joinLesson's rule (members: any lesson; anyone signed in: the preview)", () => {
  it("buyers, the course's instructor and admins are counted on a paid lesson; others get FORBIDDEN and are not counted", async () => {
    const [buyer, outsider, instructor, admin, stranger] = await Promise.all([
      freshLearner(t.url, "Bo Buyer"),
      freshLearner(t.url, "Oli Outsider"),
      loginAs(t.url, DEMO.instructor),
      loginAs(t.url, DEMO.admin),
      otherInstructor(),
    ]);
    await buyFirstCourse(buyer);
    const paid = { videoId: lessonId(1) };
    const [bs, os, is, as, xs] = await Promise.all([buyer, outsider, instructor, admin, stranger].map((u) => connect(t.url, { token: u.token })));
    if (!bs || !os || !is || !as || !xs) throw new Error("sockets");
    const buyerHears = record(bs, "viewerCount");
    const outsiderHears = record(os, "viewerCount");

    expect(await emitAck(bs, "watchingVideo", paid)).toEqual({ ok: true, data: { count: 1 } });
    expect(await emitAck(os, "watchingVideo", paid)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emitAck(xs, "watchingVideo", paid)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emitAck(is, "watchingVideo", paid)).toEqual({ ok: true, data: { count: 2 } });
    expect(await emitAck(as, "watchingVideo", paid)).toEqual({ ok: true, data: { count: 3 } });
    // Refused sockets leaving or disconnecting change nothing.
    os.emit("leaveVideo", paid);
    xs.close();
    await settle(bs, os);
    await vi.waitFor(() => { expect(buyerHears.at(-1)?.count).toBe(3); });
    await sleep(INTERVAL * 2);
    const heard = buyerHears.map((e) => e.count);
    expect(heard[0]).toBe(1);
    expect(heard).toEqual([...heard].sort()); // throttled: 2 may be folded into 3, never a drop
    expect(outsiderHears).toEqual([]);
    os.close();
    await settle(bs);
    await sleep(INTERVAL * 2);
    expect(buyerHears.map((e) => e.count)).toEqual(heard);
  });

  it("anyone signed in may watch the free preview; unknown lessons are NOT_FOUND", async () => {
    const [outsider, stranger] = await Promise.all([freshLearner(t.url), otherInstructor()]);
    const [os, xs] = await Promise.all([connect(t.url, { token: outsider.token }), connect(t.url, { token: stranger.token })]);
    expect(await emitAck(os, "watchingVideo", { videoId: lessonId(0) })).toEqual({ ok: true, data: { count: 1 } });
    expect(await emitAck(xs, "watchingVideo", { videoId: lessonId(0) })).toEqual({ ok: true, data: { count: 2 } });
    expect(await emitAck(os, "watchingVideo", { videoId: "aaaaaaaaaaaaaaaaaaaaaaaa" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });
});

describe("joinCourse: course pages are public, the course must exist", () => {
  it("a learner who owns nothing joins; an unknown id is NOT_FOUND, a malformed one BAD_REQUEST", async () => {
    const outsider = await freshLearner(t.url);
    const s = await connect(t.url, { token: outsider.token });
    expect(await emitAck(s, "joinCourse", { courseId: courses[0]?.id })).toEqual({ ok: true, data: null });
    expect(await emitAck(s, "joinCourse", { courseId: "aaaaaaaaaaaaaaaaaaaaaaaa" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    for (const courseId of ["not-an-id", { $gt: "" }, null]) {
      expect(await emitAck(s, "joinCourse", { courseId })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    }
  });
});
