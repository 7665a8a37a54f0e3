"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { CourseCover } from "@/components/catalog/CourseCover";
import { CheckIcon } from "@/components/ui/icons";
import { Rating } from "@/components/ui/Rating";
import { ErrorState } from "@/components/ui/states";
import type { CourseDto } from "@/contracts/dto";
import { apiErrorStatus } from "@/lib/client/apiError";
import { canWatchLesson } from "@/lib/client/courseAccess";
import { formatPrice, formatTotalDuration, initials, pluralize } from "@/lib/client/format";
import type { CourseResponse } from "@/contracts/rest";
import { useCourse } from "@/hooks/useCourse";
import { selectUser } from "@/redux/features/auth/authSlice";
import { useAppSelector } from "@/redux/hooks";
import { BuyButton } from "./BuyButton";
import { CourseSkeleton } from "./CourseSkeleton";
import { LessonList } from "./LessonList";
import { CourseReviews } from "@/components/reviews/CourseReviews";

// A buyer's tools, loaded once the page knows it has one (never for a visitor): the progress panel and
// the floating chat, whose animations bring framer-motion.
const CourseProgressPanel = dynamic(
  () => import("@/components/progress/CourseProgressPanel").then((m) => m.CourseProgressPanel),
  { ssr: false, loading: () => <div className="skeleton" style={{ height: 64 }} aria-hidden="true" /> },
);
const MessageInstructorButton = dynamic(
  () => import("@/components/chat/MessageInstructorButton").then((m) => m.MessageInstructorButton),
  { ssr: false },
);

export function CoursePage({ id, initial = null }: { id: string; initial?: CourseResponse | null }) {
  const user = useAppSelector(selectUser);
  // The server rendered the anonymous view; "owned" depends on who asks, so the buy card waits for `personal`.
  const { data, isLoading, isError, error, refetch, personal } = useCourse(id, initial);

  if (!data && isLoading) return <CourseSkeleton />;
  if (isError || !data) {
    return apiErrorStatus(error) === 404 || apiErrorStatus(error) === 400
      ? <ErrorState title="Course not found" message="It may have been removed. Browse the catalog for others." />
      : <ErrorState title="Couldn't load this course" onRetry={() => void refetch()} />;
  }
  const { course, owned } = data;

  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/">Catalog</Link><span aria-hidden="true">/</span><span>{course.title}</span>
      </nav>
      <div className="course-layout">
        <div className="course-main">
          <CourseIntro course={course} />
          <section aria-labelledby="about-heading">
            <h2 id="about-heading" className="section-title">About this course</h2>
            <p className="prose">{course.description}</p>
          </section>
          <section aria-labelledby="lessons-heading">
            <div className="section-title">
              <h2 id="lessons-heading">Lessons</h2>
              <span className="muted">{pluralize(course.lessons.length, "lesson")}</span>
            </div>
            <LessonList course={course} canWatch={(i) => canWatchLesson(owned, user, i, course.instructor.id)} />
          </section>
          <CourseReviews courseId={course.id} owned={owned} />
        </div>
        <aside className="buy-card card" aria-label="Purchase">
          <CourseCover course={course} size="hero" />
          <div className="buy-card-body">
            <span className="buy-price">{formatPrice(course.priceCents, course.currency)}</span>
            {personal ? <BuyButton course={course} owned={owned} /> : <div className="skeleton buy-skeleton" aria-hidden="true" />}
            {personal && owned && user?.role === "learner" && <CourseProgressPanel course={course} userId={user.id} />}
            {personal && owned && user?.role === "learner" && <MessageInstructorButton me={user} instructor={course.instructor} />}
            <ul className="buy-includes">
              <li><CheckIcon size={16} /> {pluralize(course.lessons.length, "video lesson")}</li>
              <li><CheckIcon size={16} /> Live notifications when the instructor replies</li>
              <li><CheckIcon size={16} /> Lifetime access on every device</li>
            </ul>
          </div>
        </aside>
      </div>
    </>
  );
}

function CourseIntro({ course }: { course: CourseDto }) {
  const totalSec = course.lessons.reduce((sum, l) => sum + l.durationSec, 0);
  return (
    <div className="course-intro">
      <span className="eyebrow">Course</span>
      <h1>{course.title}</h1>
      <p className="lead">{course.summary}</p>
      <div className="course-facts">
        <Rating value={course.averageRating} count={course.reviewsCount} />
        <span className={`chip chip-${course.level}`}>{course.level}</span>
        <span>{pluralize(course.lessons.length, "lesson")} · {formatTotalDuration(totalSec)}</span>
      </div>
      <div className="instructor-line">
        <span className="avatar" aria-hidden="true">{initials(course.instructor.name)}</span>
        <span>
          <span className="muted">Instructor</span><br />
          <strong data-testid="course-instructor">{course.instructor.name}</strong>
        </span>
      </div>
    </div>
  );
}
