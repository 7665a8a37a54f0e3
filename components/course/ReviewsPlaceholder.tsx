import type { CourseDto } from "@/contracts/dto";
import { StarIcon } from "@/components/ui/icons";
import { pluralize } from "@/lib/client/format";

/** Where live reviews (SPEC F8) will go; for now the average and an invitation. */
export function ReviewsPlaceholder({ course }: { course: CourseDto }) {
  return (
    <section aria-labelledby="reviews-heading" data-testid="reviews">
      <h2 id="reviews-heading" className="section-title">Reviews</h2>
      <div className="card reviews-placeholder">
        <div className="big-rating">
          <strong>{course.reviewsCount > 0 ? course.averageRating.toFixed(1) : "–"}</strong>
          <span className="rating" aria-hidden="true">
            {[1, 2, 3, 4, 5].map((n) => (
              <StarIcon key={n} size={16} style={{ opacity: n <= Math.round(course.averageRating) ? 1 : 0.25 }} />
            ))}
          </span>
          <span className="muted" style={{ fontSize: "var(--text-xs)" }}>{pluralize(course.reviewsCount, "review")}</span>
        </div>
        <p className="muted">
          {course.reviewsCount > 0
            ? "Written reviews from learners are on their way to this page — they will appear here live as they are posted."
            : "No reviews yet. Learners who take this course can be the first to share what they thought."}
        </p>
      </div>
    </section>
  );
}
