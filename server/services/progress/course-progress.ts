import { Types } from "mongoose";
import { z } from "zod";
import type { CourseProgressDto, LessonProgressDto } from "@/contracts/progress";
import { objectId } from "@/contracts/schemas";
import { Course } from "@/models/Course";
import { LessonProgress, toLessonProgressDto } from "@/models/LessonProgress";
import type { Actor } from "../../auth/actor";
import { notFound } from "../../errors";
import { coursePercent } from "./rules";

export const courseProgressInput = z.strictObject({ courseId: objectId });

/**
 * `GET /api/courses/:id/progress`: the caller's own progress in a course, per lesson and overall,
 * and where "Resume" leads. Anyone signed in may ask (someone who never watched sees zeros).
 */
export async function courseProgress(input: z.infer<typeof courseProgressInput>, actor: Actor): Promise<CourseProgressDto> {
  const courseId = new Types.ObjectId(input.courseId);
  const course = await Course.findById(courseId, { lessons: 1 }).lean();
  if (!course) throw notFound("course");
  const rows = await LessonProgress.find({ learner: new Types.ObjectId(actor.userId), course: courseId }).lean();
  const byLesson = new Map(rows.map((r) => [r.lesson.toString(), toLessonProgressDto(r)]));
  const lessons: LessonProgressDto[] = [...course.lessons]
    .sort((a, b) => a.position - b.position)
    .map((l) => byLesson.get(l._id.toString()) ?? { lessonId: l._id.toString(), position: 0, completed: false, completedAt: null, updatedAt: new Date(0).toISOString() });
  return summarize(input.courseId, lessons);
}

/** Totals and the next lesson to open: the first unfinished one, at its saved position. */
export function summarize(courseId: string, lessons: LessonProgressDto[]): CourseProgressDto {
  const completedLessons = lessons.filter((l) => l.completed).length;
  const first = lessons.find((l) => !l.completed);
  return {
    courseId,
    lessons,
    completedLessons,
    totalLessons: lessons.length,
    percent: coursePercent(completedLessons, lessons.length),
    next: first ? { lessonId: first.lessonId, position: first.position } : null,
    completed: lessons.length > 0 && completedLessons === lessons.length,
  };
}
