"use client";

import { EmptyState, ErrorState } from "@/components/ui/states";
import { selectUser } from "@/redux/features/auth/authSlice";
import { useGetCoursesQuery, useGetMyCoursesQuery } from "@/redux/features/courses/coursesApi";
import { useAppSelector } from "@/redux/hooks";
import { CourseCard, CourseCardSkeleton } from "./CourseCard";

export function CatalogPage() {
  const { data: courses, isLoading, isError, refetch } = useGetCoursesQuery();
  const user = useAppSelector(selectUser);
  // Learners see which courses they already own.
  const { data: mine } = useGetMyCoursesQuery(undefined, { skip: user?.role !== "learner" });
  const owned = new Set(mine?.map((c) => c.id));

  return (
    <>
      <section className="hero">
        <p className="eyebrow">Live learning</p>
        <h1>Learn from instructors who are online when you are</h1>
        <p>Short video lessons, real-time answers and a community that shows up. Pick a course and start today.</p>
      </section>
      <div className="section-head">
        <h2>All courses</h2>
        {courses && <span className="muted">{courses.length} available</span>}
      </div>
      {isLoading && (
        <div className="course-grid" aria-busy="true" aria-label="Loading courses">
          {[0, 1, 2, 3, 4, 5].map((i) => <CourseCardSkeleton key={i} />)}
        </div>
      )}
      {isError && <ErrorState title="Couldn't load the catalog" onRetry={() => void refetch()} />}
      {courses?.length === 0 && <EmptyState title="No courses yet" message="New courses will appear here as soon as instructors publish them." />}
      {courses && courses.length > 0 && (
        <div className="course-grid">
          {courses.map((course) => <CourseCard key={course.id} course={course} owned={owned.has(course.id)} />)}
        </div>
      )}
    </>
  );
}
