import type { PostReviewResponse, ReviewsResponse } from "@/contracts/rest";
import { readJson } from "@/server/http/body";
import { json, route, withAuth } from "@/server/http/route";
import { emitEvents } from "@/server/realtime/broadcaster";
import { listReviews } from "@/server/services/reviews/list-reviews";
import { postReview } from "@/server/services/reviews/post-review";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Public. 200 `{ reviews, averageRating, reviewsCount }`, newest first; query: before (ISO), limit 1..50. */
export const GET = route<{ id: string }>({ auth: "none" }, async ({ req, params }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  const body: ReviewsResponse = await listReviews({ courseId: params.id, query });
  return json(body);
});

/** Buyers only (403 others), once per course (409). 201 `{ review, averageRating, reviewsCount }`. */
export const POST = withAuth<{ id: string }>(async ({ req, params, auth }) => {
  const { result, events } = await postReview({ courseId: params.id, body: await readJson(req) }, auth);
  emitEvents(events);
  const body: PostReviewResponse = result;
  return json(body, 201);
});
