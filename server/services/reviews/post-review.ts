import { Types } from "mongoose";
import type { z } from "zod";
import type { ReviewDto } from "@/contracts/dto";
import { ErrorCode } from "@/contracts/errors";
import { objectId, reviewBody } from "@/contracts/schemas";
import { Course, averageRating } from "@/models/Course";
import { Purchase } from "@/models/Purchase";
import { Review, toReviewDto, type ReviewDoc } from "@/models/Review";
import type { Actor } from "../../auth/actor";
import { AppError, forbidden, isDuplicateKey, notFound } from "../../errors";
import type { RealtimeEvent, WithEvents } from "../events";
import { createNotifications } from "../notifications/create";
import { publicUsersById } from "../users/public-users";

export interface ReviewOutcome {
  review: ReviewDto;
  averageRating: number;
  reviewsCount: number;
}

export const postReviewInput = reviewBody.extend({ courseId: objectId });

/**
 * A buyer reviews a course once (the unique {course, author} index decides; a second POST is 409,
 * reviews are not edited). The course's ratingSum/reviewsCount move with one atomic `$inc`, then the
 * review and the new average go to `course:<id>` and the instructor is notified.
 */
export async function postReview(
  input: z.output<typeof postReviewInput>,
  actor: Actor,
): Promise<WithEvents<ReviewOutcome>> {
  const { courseId: id, ...body } = input;
  const courseId = new Types.ObjectId(id);
  const course = await Course.findById(courseId, { title: 1, instructor: 1 }).lean();
  if (!course) throw notFound("course");
  const author = new Types.ObjectId(actor.userId);
  const bought = actor.role === "learner" && (await Purchase.exists({ learner: author, course: courseId }));
  if (!bought) throw forbidden("only learners who bought this course may review it");

  let doc: ReviewDoc;
  try {
    doc = (await Review.create({ course: courseId, author, rating: body.rating, text: body.text })).toObject();
  } catch (e) {
    if (isDuplicateKey(e)) throw new AppError(ErrorCode.Conflict, "you have already reviewed this course");
    throw e;
  }
  const updated = await Course.findOneAndUpdate(
    { _id: courseId },
    { $inc: { ratingSum: body.rating, reviewsCount: 1 } },
    { returnDocument: "after", projection: { ratingSum: 1, reviewsCount: 1 } },
  ).lean();
  if (!updated) throw notFound("course");

  const authorOf = await publicUsersById([author]);
  const review = toReviewDto(doc, authorOf(author));
  const outcome: ReviewOutcome = {
    review,
    averageRating: averageRating(updated.ratingSum, updated.reviewsCount),
    reviewsCount: updated.reviewsCount,
  };
  const cid = courseId.toString();
  const notified = await createNotifications([course.instructor], {
    type: "new_review",
    title: "New review",
    message: `${review.author.name} rated "${course.title}" ${String(body.rating)}/5`,
    link: `/courses/${cid}`,
  });
  const events: RealtimeEvent[] = [
    { to: { course: cid }, event: "newReview", payload: { courseId: cid, ...outcome } },
    ...notified.events,
  ];
  return { result: outcome, events };
}
