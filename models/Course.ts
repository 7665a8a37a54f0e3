/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types SchemaTypeOptions as a class, but schema definitions are plain option objects by design. */
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import type { CourseDto, LessonDto, PublicUserDto } from "@/contracts/dto";

export const CourseLevels = ["beginner", "intermediate", "advanced"] as const;

const lessonSchema = new Schema({
  title: { type: String, required: true, maxlength: 200 },
  description: { type: String, default: "", maxlength: 4000 },
  videoUrl: { type: String, required: true },
  durationSec: { type: Number, required: true, min: 0 },
  position: { type: Number, required: true, min: 0 },
});

const courseSchema = new Schema(
  {
    slug: { type: String, required: true, unique: true, lowercase: true, maxlength: 100 },
    title: { type: String, required: true, maxlength: 200 },
    summary: { type: String, required: true, maxlength: 500 },
    description: { type: String, required: true, maxlength: 10000 },
    priceCents: { type: Number, required: true, min: 0 },
    currency: { type: String, required: true, default: "USD" },
    level: { type: String, enum: CourseLevels, required: true },
    instructor: { type: Schema.Types.ObjectId, ref: "User", required: true },
    lessons: { type: [lessonSchema], default: [] },
    ratingSum: { type: Number, default: 0, min: 0 },
    reviewsCount: { type: Number, default: 0, min: 0 },
  },
  { timestamps: true },
);
courseSchema.index({ instructor: 1 });
// "Which course has this lesson" (lesson pages, Q&A, watchingVideo): a multikey index.
courseSchema.index({ "lessons._id": 1 });
/** The catalog search box (GET /api/courses?q=): a title match ranks above a lesson title, then summary and description. */
courseSchema.index(
  { title: "text", summary: "text", description: "text", "lessons.title": "text" },
  { name: "course_search", weights: { title: 10, "lessons.title": 4, summary: 2, description: 1 } },
);

type CourseSchema = InferSchemaType<typeof courseSchema>;
export type LessonDoc = InferSchemaType<typeof lessonSchema> & { _id: Types.ObjectId };
export type CourseDoc = Omit<CourseSchema, "lessons"> & { _id: Types.ObjectId; lessons: LessonDoc[] };

const createCourseModel = () => mongoose.model("Course", courseSchema);
export const Course =
  (mongoose.models.Course as ReturnType<typeof createCourseModel> | undefined) ?? createCourseModel();

export function averageRating(ratingSum: number, reviewsCount: number): number {
  return reviewsCount > 0 ? Math.round((ratingSum / reviewsCount) * 10) / 10 : 0;
}

/**
 * `videoFor` gives a lesson's video URL to someone who may watch it (a signed URL, see
 * server/media/signed-urls.ts); without it, or when it answers undefined, the DTO has no `videoUrl`.
 * The stored `videoUrl` itself never leaves the server.
 */
export type VideoUrlFor = (lesson: LessonDoc) => string | undefined;

function toLessonDto(l: LessonDoc, videoFor?: VideoUrlFor): LessonDto {
  const dto: LessonDto = {
    id: l._id.toString(),
    title: l.title,
    description: l.description,
    durationSec: l.durationSec,
    position: l.position,
  };
  const videoUrl = videoFor?.(l);
  if (videoUrl !== undefined) dto.videoUrl = videoUrl;
  return dto;
}

export function toCourseDto(c: CourseDoc, instructor: PublicUserDto, videoFor?: VideoUrlFor): CourseDto {
  return {
    id: c._id.toString(),
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    description: c.description,
    priceCents: c.priceCents,
    currency: c.currency,
    level: c.level,
    instructor,
    lessons: [...c.lessons].sort((a, b) => a.position - b.position).map((l) => toLessonDto(l, videoFor)),
    averageRating: averageRating(c.ratingSum, c.reviewsCount),
    reviewsCount: c.reviewsCount,
    createdAt: c.createdAt.toISOString(),
  };
}
