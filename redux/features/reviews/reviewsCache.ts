import type { CommentDto, ReviewDto } from "@/contracts/dto";
import type { ReviewsResponse } from "@/contracts/rest";

/** Pure helpers for the reviews and comments caches: pushes and REST answers merge by id, never twice. */

export interface ReviewPush {
  review: ReviewDto;
  averageRating: number;
  reviewsCount: number;
}

const newestFirst = (a: ReviewDto, b: ReviewDto) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
const oldestFirst = (a: CommentDto, b: CommentDto) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * Adds a review (a push or the POST answer) to the cached list. The count only ever grows, so a
 * late push never takes the average back to an older value.
 */
export function applyReview(draft: ReviewsResponse, push: ReviewPush): void {
  if (!draft.reviews.some((r) => r.id === push.review.id)) {
    draft.reviews = [...draft.reviews, push.review].sort(newestFirst);
  }
  if (push.reviewsCount >= draft.reviewsCount) {
    draft.reviewsCount = push.reviewsCount;
    draft.averageRating = push.averageRating;
  }
}

/** The same monotonic rule for a course's summary figures (course page header, catalog card). */
export function applyRatingTo(course: { averageRating: number; reviewsCount: number }, push: Omit<ReviewPush, "review">): void {
  if (push.reviewsCount >= course.reviewsCount) {
    course.reviewsCount = push.reviewsCount;
    course.averageRating = push.averageRating;
  }
}

/** Adds comments to a lesson's list (oldest first), by id. */
export function mergeComments(current: readonly CommentDto[], incoming: readonly CommentDto[]): CommentDto[] {
  const byId = new Map(current.map((c) => [c.id, c]));
  for (const c of incoming) byId.set(c.id, c);
  return [...byId.values()].sort(oldestFirst);
}

export interface Thread {
  question: CommentDto;
  replies: CommentDto[];
}

/** Groups a lesson's comments into questions (newest question first) with their replies (oldest first). */
export function toThreads(comments: readonly CommentDto[]): Thread[] {
  const threads = new Map<string, Thread>();
  for (const c of comments) if (c.parentId === null) threads.set(c.id, { question: c, replies: [] });
  for (const c of comments) if (c.parentId !== null) threads.get(c.parentId)?.replies.push(c);
  return [...threads.values()].reverse();
}
