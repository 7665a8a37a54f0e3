import { Types } from "mongoose";
import { coursePayload, lessonPayload } from "@/contracts/schemas";
import { rooms } from "@/contracts/socket";
import { Course } from "@/models/Course";
import { forbidden, notFound } from "../../errors";
import { mayFollowLesson } from "../../services/courses/lesson-access";
import { defineEvent } from "../on-event";

/**
 * `joinCourse`/`leaveCourse` and `joinLesson`/`leaveLesson`: membership of the `course:<id>` and
 * `lesson:<id>` rooms where live reviews and lesson Q&A (SPEC F8) are broadcast. Course pages are
 * public, so any signed-in user may listen; the id must exist. A lesson's Q&A is for the course's
 * members (buyers, instructor, admins), and for anyone on the free preview (first) lesson.
 */
export const roomEvents = {
  joinCourse: defineEvent({
    schema: coursePayload,
    rate: [10, 2],
    async handle({ courseId }, { socket }) {
      if (!(await Course.exists({ _id: new Types.ObjectId(courseId) }))) throw notFound("course");
      await socket.join(rooms.course(courseId));
      return null;
    },
  }),
  leaveCourse: defineEvent({
    schema: coursePayload,
    rate: [10, 2],
    async handle({ courseId }, { socket }) {
      await socket.leave(rooms.course(courseId));
      return null;
    },
  }),
  joinLesson: defineEvent({
    schema: lessonPayload,
    rate: [10, 2],
    async handle({ lessonId }, { socket, actor }) {
      if (!(await mayFollowLesson(lessonId, actor))) throw forbidden("buy the course to follow its lesson Q&A");
      await socket.join(rooms.lesson(lessonId));
      return null;
    },
  }),
  leaveLesson: defineEvent({
    schema: lessonPayload,
    rate: [10, 2],
    async handle({ lessonId }, { socket }) {
      await socket.leave(rooms.lesson(lessonId));
      return null;
    },
  }),
};
