import Link from "next/link";
import type { ReactNode } from "react";
import type { CourseDto } from "@/contracts/dto";
import { Rating } from "@/components/ui/Rating";
import { formatPrice, formatTotalDuration, pluralize } from "@/lib/client/format";
import { CourseCover } from "./CourseCover";

/** `footer`: shown under the card's link (My courses puts the learner's progress there). */
export function CourseCard({ course, owned = false, footer }: { course: CourseDto; owned?: boolean; footer?: ReactNode }) {
  const totalSec = course.lessons.reduce((sum, l) => sum + l.durationSec, 0);
  return (
    <article className="course-card card" data-testid="course-card">
      <Link href={`/courses/${course.id}`} className="course-card-link">
        <CourseCover course={course} />
        <div className="course-card-body">
          <div className="course-card-tags">
            <span className={`chip chip-${course.level}`}>{course.level}</span>
            <span className="chip">{pluralize(course.lessons.length, "lesson")}</span>
            {totalSec > 0 && <span className="chip">{formatTotalDuration(totalSec)}</span>}
          </div>
          <h3 className="course-card-title">{course.title}</h3>
          <p className="course-card-summary">{course.summary}</p>
          <p className="course-card-instructor">by {course.instructor.name}</p>
          <div className="course-card-foot">
            <Rating value={course.averageRating} count={course.reviewsCount} />
            {owned
              ? <span className="chip chip-beginner">Owned</span>
              : <span className="course-card-price">{formatPrice(course.priceCents, course.currency)}</span>}
          </div>
        </div>
      </Link>
      {footer}
    </article>
  );
}

export function CourseCardSkeleton() {
  return (
    <div className="course-card card" aria-hidden="true">
      <div className="cover cover-card skeleton" />
      <div className="course-card-body">
        <div className="skeleton" style={{ width: "40%", height: 18 }} />
        <div className="skeleton" style={{ width: "85%", height: 22 }} />
        <div className="skeleton" style={{ width: "100%", height: 40 }} />
        <div className="skeleton" style={{ width: "55%", height: 16 }} />
      </div>
    </div>
  );
}
