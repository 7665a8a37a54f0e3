/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types SchemaTypeOptions as a class, but schema definitions are plain option objects by design. */
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import type { PublicUserDto, ReviewDto } from "@/contracts/dto";

const reviewSchema = new Schema(
  {
    course: { type: Schema.Types.ObjectId, ref: "Course", required: true },
    author: { type: Schema.Types.ObjectId, ref: "User", required: true },
    rating: { type: Number, required: true, min: 1, max: 5 },
    text: { type: String, required: true, maxlength: 2000 },
  },
  { timestamps: true },
);
// One review per learner and course: the index decides when two POSTs race.
reviewSchema.index({ course: 1, author: 1 }, { unique: true });
reviewSchema.index({ course: 1, createdAt: -1 });

type ReviewSchema = InferSchemaType<typeof reviewSchema>;
export type ReviewDoc = ReviewSchema & { _id: Types.ObjectId };

const createReviewModel = () => mongoose.model("Review", reviewSchema);
export const Review =
  (mongoose.models.Review as ReturnType<typeof createReviewModel> | undefined) ?? createReviewModel();

export function toReviewDto(r: ReviewDoc, author: PublicUserDto): ReviewDto {
  return {
    id: r._id.toString(),
    courseId: r.course.toString(),
    author,
    rating: r.rating,
    text: r.text,
    createdAt: r.createdAt.toISOString(),
  };
}
