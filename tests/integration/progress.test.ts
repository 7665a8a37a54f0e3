import { describe, expect, it } from "vitest";
import type { CourseProgressDto, SaveProgressResponse } from "@/contracts/progress";
import type { CoursesResponse } from "@/contracts/rest";
import { DEMO, loginAs, useTestServer } from "./support/harness";
import { ownedCourse } from "./support/jobs";

const t = useTestServer();

describe("lesson progress (SPEC F13)", () => {
  it("saves the position, completes at 90 %, never goes backwards, and sums up the course", async () => {
    const learner = await loginAs(t.url, DEMO.learner2);
    const course = await ownedCourse(learner);
    const [first, second] = course.lessons;
    if (!first || !second) throw new Error("course too short");
    const put = (lessonId: string, body: unknown) => learner.put<SaveProgressResponse>(`/api/lessons/${lessonId}/progress`, body);

    const early = await put(first.id, { position: 12.5, duration: 100 });
    expect(early.status).toBe(200);
    expect(early.body.progress).toMatchObject({ lessonId: first.id, position: 12.5, completed: false, completedAt: null });
    const done = await put(first.id, { position: 91, duration: 100 });
    expect(done.body.progress).toMatchObject({ completed: true });
    const completedAt = done.body.progress.completedAt;
    expect(completedAt).not.toBeNull();
    const rewound = await put(first.id, { position: 3, duration: 100, completed: false });
    expect(rewound.body.progress).toMatchObject({ position: 3, completed: true, completedAt });
    // Under 90 % both of the player's duration and of the seeded one (the 12 s sample video).
    await put(second.id, { position: 4, duration: 100 });

    const summary = await learner.get<CourseProgressDto>(`/api/courses/${course.id}/progress`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      courseId: course.id,
      completedLessons: 1,
      totalLessons: course.lessons.length,
      percent: Math.floor(100 / course.lessons.length),
      next: { lessonId: second.id, position: 4 },
      completed: false,
    });
    expect(summary.body.lessons.map((l) => l.lessonId)).toEqual(course.lessons.map((l) => l.id));
  });

  it("only learners who may watch the lesson record progress; bad input is 400 and changes nothing", async () => {
    const [learner1, instructor, learner2] = await Promise.all([loginAs(t.url, DEMO.learner1), loginAs(t.url, DEMO.instructor), loginAs(t.url, DEMO.learner2)]);
    const course = await ownedCourse(learner2);
    const paid = course.lessons[1];
    const preview = course.lessons[0];
    if (!paid || !preview) throw new Error("course too short");
    expect((await learner1.put(`/api/lessons/${paid.id}/progress`, { position: 5 })).status).toBe(403);
    expect((await instructor.put(`/api/lessons/${paid.id}/progress`, { position: 5 })).status).toBe(403);
    expect((await learner1.put(`/api/lessons/${preview.id}/progress`, { position: 5 })).status).toBe(200); // the free preview
    expect((await learner1.put(`/api/lessons/aaaaaaaaaaaaaaaaaaaaaaaa/progress`, { position: 5 })).status).toBe(404);
    for (const bad of [{ position: -1 }, { position: "5" }, { position: { $gt: 0 } }, { position: 5, extra: 1 }, { position: 5, lessonId: preview.id }]) {
      expect((await learner2.put(`/api/lessons/${paid.id}/progress`, bad)).status).toBe(400);
    }
    const anonymous = await fetch(`${t.url}/api/lessons/${paid.id}/progress`, { method: "PUT", headers: { "content-type": "application/json" }, body: '{"position":1}' });
    expect(anonymous.status).toBe(401);
    const courses = (await (await fetch(`${t.url}/api/courses`)).json()) as CoursesResponse;
    const other = courses.courses.find((c) => c.id !== course.id);
    const untouched = await learner1.get<CourseProgressDto>(`/api/courses/${other?.id ?? ""}/progress`);
    expect(untouched.body).toMatchObject({ completedLessons: 0, percent: 0 });
    expect((await learner1.get(`/api/courses/aaaaaaaaaaaaaaaaaaaaaaaa/progress`)).status).toBe(404);
  });
});
