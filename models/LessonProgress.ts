/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types SchemaTypeOptions as a class, but schema definitions are plain option objects by design. */
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import type { LessonProgressDto } from "@/contracts/progress";

/** Where a learner stopped in a lesson, and whether they completed it (SPEC F13). */
const lessonProgressSchema = new Schema(
  {
    learner: { type: Schema.Types.ObjectId, ref: "User", required: true },
    course: { type: Schema.Types.ObjectId, ref: "Course", required: true },
    lesson: { type: Schema.Types.ObjectId, required: true },
    position: { type: Number, required: true, min: 0 },
    completed: { type: Boolean, required: true, default: false },
    completedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
// One record per learner and lesson: the upsert's key.
lessonProgressSchema.index({ learner: 1, lesson: 1 }, { unique: true });
// "My progress in this course" (course page, My courses, certificate eligibility).
lessonProgressSchema.index({ learner: 1, course: 1 });

export type LessonProgressDoc = InferSchemaType<typeof lessonProgressSchema> & { _id: Types.ObjectId };

const createModel = () => mongoose.model("LessonProgress", lessonProgressSchema);
export const LessonProgress =
  (mongoose.models.LessonProgress as ReturnType<typeof createModel> | undefined) ?? createModel();

export function toLessonProgressDto(p: Pick<LessonProgressDoc, "lesson" | "position" | "completed" | "completedAt" | "updatedAt">): LessonProgressDto {
  return {
    lessonId: p.lesson.toString(),
    position: p.position,
    completed: p.completed,
    completedAt: p.completedAt ? p.completedAt.toISOString() : null,
    updatedAt: p.updatedAt.toISOString(),
  };
}
