import type { PostReviewResponse, ReviewsResponse } from "@/contracts/rest";
import { queryOf, readBodyWith } from "@/server/http/body";
import { json, route, withAuth } from "@/server/http/route";
import { emitEvents } from "@/server/realtime/broadcaster";
import { listReviews, listReviewsInput } from "@/server/services/reviews/list-reviews";
import { postReview, postReviewInput } from "@/server/services/reviews/post-review";
import { parseInput } from "@/server/validation";

/** Public. 200 `{ reviews, averageRating, reviewsCount }`, newest first; query: before (ISO), limit 1..50. */
export const GET = route<{ id: string }>({ auth: "none" }, async ({ req, params }) => {
  const body: ReviewsResponse = await listReviews(parseInput(listReviewsInput, { ...queryOf(req), courseId: params.id }));
  return json(body);
});

/** Buyers only (403 others), once per course (409). 201 `{ review, averageRating, reviewsCount }`. */
export const POST = withAuth<{ id: string }>(async ({ req, params, auth }) => {
  const { result, events } = await postReview(parseInput(postReviewInput, await readBodyWith(req, { courseId: params.id })), auth);
  emitEvents(events);
  const body: PostReviewResponse = result;
  return json(body, 201);
});
