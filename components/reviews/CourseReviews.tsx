"use client";

import type { ReviewDto } from "@/contracts/dto";
import { Stars } from "@/components/ui/Stars";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useRoom } from "@/hooks/useRoom";
import { formatRelative, initials, pluralize } from "@/lib/client/format";
import { selectUser } from "@/redux/features/auth/authSlice";
import { useGetReviewsQuery } from "@/redux/features/reviews/reviewsApi";
import { useAppSelector } from "@/redux/hooks";
import { ReviewForm } from "./ReviewForm";


/** Live reviews of a course (SPEC F8): average, count, newest first, and the owner's review form. */
export function CourseReviews({ courseId, owned }: { courseId: string; owned: boolean }) {
  const user = useAppSelector(selectUser);
  const { data, isLoading, isError, refetch } = useGetReviewsQuery(courseId);
  useRoom({ kind: "course", id: courseId });

  const reviewed = !!user && !!data?.reviews.some((r) => r.author.id === user.id);
  const canReview = owned && user?.role === "learner" && !reviewed;
  return (
    <section aria-labelledby="reviews-heading" data-testid="reviews">
      <h2 id="reviews-heading" className="section-title">Reviews</h2>
      {isLoading && <div className="card card-pad"><Spinner label="Loading reviews" /> Loading reviews…</div>}
      {isError && <ErrorState title="Couldn't load the reviews" onRetry={() => void refetch()} />}
      {data && (
        <div className="reviews">
          <div className="card reviews-summary">
            <div className="big-rating">
              <strong data-testid="course-rating">{data.reviewsCount > 0 ? data.averageRating.toFixed(1) : "–"}</strong>
              <Stars value={data.averageRating} />
              <span className="muted" style={{ fontSize: "var(--text-xs)" }} data-testid="reviews-count">{pluralize(data.reviewsCount, "review")}</span>
            </div>
            <p className="muted">
              {data.reviewsCount > 0
                ? "What learners say about this course. New reviews appear here as they are posted."
                : "No reviews yet. Learners who take this course can be the first to share what they thought."}
            </p>
          </div>
          {canReview && <ReviewForm courseId={courseId} />}
          {reviewed && <p className="note">Thanks — your review is below.</p>}
          {data.reviews.length > 0 && (
            <ul className="review-list">
              {data.reviews.map((r) => <ReviewItem key={r.id} review={r} />)}
            </ul>
          )}
          {data.reviews.length === 0 && data.reviewsCount > 0 && (
            <p className="muted">These ratings were given without a written review.</p>
          )}
        </div>
      )}
    </section>
  );
}

function ReviewItem({ review }: { review: ReviewDto }) {
  return (
    <li className="card review-item" data-testid="review-item">
      <div className="review-head">
        <span className="avatar" aria-hidden="true">{initials(review.author.name)}</span>
        <span>
          <strong>{review.author.name}</strong>
          <span className="muted review-time"> · {formatRelative(review.createdAt)}</span>
        </span>
        <span className="review-stars"><Stars value={review.rating} size={14} /><span className="sr-only">{review.rating} out of 5 stars</span></span>
      </div>
      <p className="review-text">{review.text}</p>
    </li>
  );
}
