"use client";

import Link from "next/link";
import type { CourseDto } from "@/contracts/dto";
import type { CourseProgressDto } from "@/contracts/progress";
import { useGetCourseProgressQuery } from "@/redux/features/progress/progressApi";

/** Where "Resume" leads, and what it is called: Start, Resume (mid-lesson) or Continue. */
export function resumeTarget(course: CourseDto, progress: CourseProgressDto | undefined): { href: string; label: string } | null {
  const next = progress?.next ?? (progress ? null : course.lessons[0] ? { lessonId: course.lessons[0].id, position: 0 } : null);
  if (!next) return null;
  const started = (progress?.completedLessons ?? 0) > 0 || (progress?.lessons.some((l) => l.position > 0) ?? false);
  return { href: `/courses/${course.id}/lessons/${next.lessonId}`, label: !started ? "Start the course" : next.position > 0 ? "Resume" : "Continue" };
}

/** The learner's progress bar in a course, as a sentence and a bar. */
export function ProgressBar({ progress }: { progress: CourseProgressDto }) {
  return (
    <div className="course-progress" data-testid="course-progress">
      <progress className="progress" max={100} value={progress.percent} aria-label="Course progress" />
      <span className="muted">
        {progress.completed ? "Completed" : `${progress.completedLessons} of ${progress.totalLessons} lessons`} · {progress.percent}%
      </span>
    </div>
  );
}

/** My courses: the bar and a Resume / Continue link under an owned course's card. */
export function CourseProgressStrip({ course }: { course: CourseDto }) {
  const { data } = useGetCourseProgressQuery(course.id);
  if (!data) return <div className="course-card-progress"><div className="skeleton" style={{ height: 8 }} /></div>;
  const target = resumeTarget(course, data);
  return (
    <div className="course-card-progress">
      <ProgressBar progress={data} />
      {target
        ? <Link className="btn btn-primary btn-sm" href={target.href}>{target.label}</Link>
        : <Link className="btn btn-secondary btn-sm" href={`/courses/${course.id}`}>Get your certificate</Link>}
    </div>
  );
}
