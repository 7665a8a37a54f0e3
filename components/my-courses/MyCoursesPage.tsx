"use client";

import Link from "next/link";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { CourseCard, CourseCardSkeleton } from "@/components/catalog/CourseCard";
import { CourseProgressStrip } from "@/components/progress/CourseProgressStrip";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { selectUser } from "@/redux/features/auth/authSlice";
import { useAppSelector } from "@/redux/hooks";
import { useGetMyCoursesQuery } from "@/redux/features/courses/coursesApi";

const skeletons = (
  <div className="course-grid" aria-busy="true" aria-label="Loading your courses">
    {[0, 1, 2].map((i) => <CourseCardSkeleton key={i} />)}
  </div>
);

export function MyCoursesPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>My courses</h1>
          <p>Everything you&apos;ve enrolled in, ready to pick up where you left off.</p>
        </div>
      </div>
      <RequireAuth fallback={skeletons}>{() => <MyCoursesList />}</RequireAuth>
    </>
  );
}

function MyCoursesList() {
  const { data: courses, isLoading, isError, refetch } = useGetMyCoursesQuery();
  const learner = useAppSelector(selectUser)?.role === "learner";
  if (isLoading) return skeletons;
  if (isError || !courses) return <ErrorState title="Couldn't load your courses" onRetry={() => void refetch()} />;
  if (courses.length === 0) {
    return (
      <EmptyState title="No courses yet" message="Courses you buy will live here. Find something you'd like to learn."
        action={<Link className="btn btn-primary" href="/">Browse the catalog</Link>} />
    );
  }
  return (
    <div className="course-grid">
      {courses.map((course) => (
        <CourseCard key={course.id} course={course} owned footer={learner ? <CourseProgressStrip course={course} /> : undefined} />
      ))}
    </div>
  );
}
