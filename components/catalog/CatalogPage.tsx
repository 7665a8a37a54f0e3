"use client";

import { usePathname, useRouter } from "next/navigation";
import { Suspense } from "react";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { selectUser } from "@/redux/features/auth/authSlice";
import { useGetCoursesQuery, useGetMyCoursesQuery } from "@/redux/features/courses/coursesApi";
import { useAppSelector } from "@/redux/hooks";
import { CatalogSearch, useCatalogQuery } from "./CatalogSearch";
import { CourseCard, CourseCardSkeleton } from "./CourseCard";

/** The catalog reads its search text from the URL (`?q=`), which needs a Suspense boundary in the App Router. */
export function CatalogPage() {
  return (
    <Suspense fallback={<CatalogSkeleton />}>
      <Catalog />
    </Suspense>
  );
}

function CatalogSkeleton() {
  return (
    <div className="course-grid" aria-busy="true" aria-label="Loading courses">
      {[0, 1, 2, 3, 4, 5].map((i) => <CourseCardSkeleton key={i} />)}
    </div>
  );
}

function Catalog() {
  const q = useCatalogQuery();
  const router = useRouter();
  const pathname = usePathname();
  const { data: courses, isFetching, isLoading, isError, refetch } = useGetCoursesQuery(q || undefined);
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
      <CatalogSearch />
      <div className="section-head">
        <h2>{q ? `Results for “${q}”` : "All courses"}</h2>
        {courses && <span className="muted" aria-live="polite">{q ? `${courses.length} found` : `${courses.length} available`}</span>}
      </div>
      {isLoading && <CatalogSkeleton />}
      {isError && <ErrorState title="Couldn't load the catalog" onRetry={() => void refetch()} />}
      {courses?.length === 0 && !q && <EmptyState title="No courses yet" message="New courses will appear here as soon as instructors publish them." />}
      {courses?.length === 0 && q && (
        <EmptyState
          title={`No courses match “${q}”`}
          message="Try fewer or different words, or clear the search to see every course."
          action={<button type="button" className="btn btn-secondary" onClick={() => { router.replace(pathname, { scroll: false }); }}>Clear search</button>}
        />
      )}
      {courses && courses.length > 0 && (
        <div className="course-grid" aria-busy={isFetching}>
          {courses.map((course) => <CourseCard key={course.id} course={course} owned={owned.has(course.id)} />)}
        </div>
      )}
    </>
  );
}
