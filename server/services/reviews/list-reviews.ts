import { Types } from "mongoose";
import type { z } from "zod";
import { objectId, reviewsQuery } from "@/contracts/schemas";
import type { ReviewsResponse } from "@/contracts/rest";
import { Course, averageRating } from "@/models/Course";
import { Review, toReviewDto, type ReviewDoc } from "@/models/Review";
import { notFound } from "../../errors";
import { publicUsersById } from "../users/public-users";

export const listReviewsInput = reviewsQuery.extend({ courseId: objectId });

/** Public. Newest first; `before` (ISO, exclusive) pages to older reviews. */
export async function listReviews(input: z.output<typeof listReviewsInput>): Promise<ReviewsResponse> {
  const { courseId: id, ...q } = input;
  const courseId = new Types.ObjectId(id);
  const course = await Course.findById(courseId, { ratingSum: 1, reviewsCount: 1 }).lean();
  if (!course) throw notFound("course");
  const filter = { course: courseId, ...(q.before ? { createdAt: { $lt: new Date(q.before) } } : {}) };
  const docs = (await Review.find(filter).sort({ createdAt: -1, _id: -1 }).limit(q.limit).lean()) as ReviewDoc[];
  const authorOf = await publicUsersById(docs.map((d) => d.author));
  return {
    reviews: docs.map((d) => toReviewDto(d, authorOf(d.author))),
    averageRating: averageRating(course.ratingSum, course.reviewsCount),
    reviewsCount: course.reviewsCount,
  };
}
