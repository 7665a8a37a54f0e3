import { z } from "zod";
import { objectId } from "./schemas";

/** Lesson progress and resume (SPEC F2, F13): shapes shared by the player, the course pages and the server. */

/** A lesson counts as complete once this share of it was watched (or at its end). */
export const COMPLETE_AT = 0.9;

/** `PUT /api/lessons/:id/progress` body. `duration` is the media's real length as the player knows it. */
export const progressBody = z.strictObject({
  position: z.number().min(0).max(24 * 3600),
  completed: z.boolean().optional(),
  duration: z.number().positive().max(24 * 3600).optional(),
});
export type ProgressBody = z.infer<typeof progressBody>;

export const lessonIdParam = z.strictObject({ lessonId: objectId });

export interface LessonProgressDto {
  lessonId: string;
  /** Seconds into the video where the learner stopped. */
  position: number;
  completed: boolean;
  completedAt: string | null;
  updatedAt: string;
}

/** `GET /api/courses/:id/progress`. */
export interface CourseProgressDto {
  courseId: string;
  /** One entry per lesson of the course, in course order (a lesson never opened has position 0). */
  lessons: LessonProgressDto[];
  completedLessons: number;
  totalLessons: number;
  /** 0 to 100, whole number. */
  percent: number;
  /** Where "Resume" / "Continue" leads: the first unfinished lesson (null when all are complete). */
  next: { lessonId: string; position: number } | null;
  completed: boolean;
}

export interface SaveProgressResponse {
  progress: LessonProgressDto;
}
