import { coursePayload, lessonPayload } from "@/contracts/schemas";
import { forbidden } from "../../errors";
import { mayFollowLesson } from "../../services/courses/lesson-access";
import { requireCourse } from "../../services/courses/require-course";
import { defineEvent, type ClientEventTable } from "../on-event";

/**
 * `joinCourse`/`leaveCourse` and `joinLesson`/`leaveLesson`: membership of the `{ course }` and
 * `{ lesson }` audiences where live reviews and lesson Q&A (SPEC F8) are broadcast. Course pages are
 * public, so any signed-in user may listen; the id must exist. A lesson's Q&A is for the course's
 * members (buyers, instructor, admins), and for anyone on the free preview (first) lesson.
 */
export const roomEvents = {
  joinCourse: defineEvent({
    schema: coursePayload,
    rate: [10, 2],
    async handle({ courseId }, { conn }) {
      await requireCourse(courseId);
      await conn.join({ course: courseId });
      return null;
    },
  }),
  leaveCourse: defineEvent({
    schema: coursePayload,
    rate: [10, 2],
    async handle({ courseId }, { conn }) {
      await conn.leave({ course: courseId });
      return null;
    },
  }),
  joinLesson: defineEvent({
    schema: lessonPayload,
    rate: [10, 2],
    async handle({ lessonId }, { conn, actor }) {
      if (!(await mayFollowLesson(lessonId, actor))) throw forbidden("buy the course to follow its lesson Q&A");
      await conn.join({ lesson: lessonId });
      return null;
    },
  }),
  leaveLesson: defineEvent({
    schema: lessonPayload,
    rate: [10, 2],
    async handle({ lessonId }, { conn }) {
      await conn.leave({ lesson: lessonId });
      return null;
    },
  }),
} satisfies Partial<ClientEventTable>;
