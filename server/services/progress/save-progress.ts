import { Types } from "mongoose";
import { lessonIdParam, progressBody } from "@/contracts/progress";
import type { LessonProgressDto } from "@/contracts/progress";
import { Course, type LessonDoc } from "@/models/Course";
import { LessonProgress, toLessonProgressDto } from "@/models/LessonProgress";
import type { Actor } from "../../auth/actor";
import { forbidden, notFound } from "../../errors";
import { mayFollowLesson } from "../courses/lesson-access";
import { nextProgress } from "./rules";

export const saveProgressInput = progressBody.extend(lessonIdParam.shape);
export type SaveProgressInput = ReturnType<typeof saveProgressInput.parse>;

/**
 * `PUT /api/lessons/:id/progress`: only a learner who may watch the lesson (its buyer, or anyone on
 * the free preview) records progress. Completion is only ever set, never cleared, so two reports
 * racing each other cannot undo it.
 */
export async function saveProgress(input: SaveProgressInput, actor: Actor): Promise<LessonProgressDto> {
  if (actor.role !== "learner") throw forbidden("only learners record lesson progress");
  if (!(await mayFollowLesson(input.lessonId, actor))) throw forbidden("buy the course to watch this lesson");
  const { courseId, lesson } = await findLesson(input.lessonId);
  const key = { learner: new Types.ObjectId(actor.userId), lesson: lesson._id };
  const prev = await LessonProgress.findOne(key, { position: 1, completed: 1 }).lean();
  const next = nextProgress(prev, input, lesson.durationSec);
  await LessonProgress.updateOne(
    key,
    { $set: { position: next.position, course: courseId }, $setOnInsert: { completed: false, completedAt: null } },
    { upsert: true },
  );
  if (next.completed && !prev?.completed) {
    await LessonProgress.updateOne({ ...key, completed: false }, { $set: { completed: true, completedAt: new Date() } });
  }
  const saved = await LessonProgress.findOne(key).lean();
  if (!saved) throw notFound("lesson progress");
  return toLessonProgressDto(saved);
}

async function findLesson(lessonId: string): Promise<{ courseId: Types.ObjectId; lesson: LessonDoc }> {
  const lid = new Types.ObjectId(lessonId);
  const course = await Course.findOne({ "lessons._id": lid }, { lessons: 1 }).lean();
  const lesson = course?.lessons.find((l) => l._id.equals(lid));
  if (!course || !lesson) throw notFound("lesson");
  return { courseId: course._id, lesson: lesson };
}
