"use client";

import Link from "next/link";
import { CertificatePanel } from "@/components/jobs/CertificatePanel";
import type { CourseDto } from "@/contracts/dto";
import { useGetCourseProgressQuery } from "@/redux/features/progress/progressApi";
import { ProgressBar, resumeTarget } from "./CourseProgressStrip";

/** Course page, for a learner who owns it: progress, Resume / Continue, and the certificate once complete. */
export function CourseProgressPanel({ course, userId }: { course: CourseDto; userId: string }) {
  const { data } = useGetCourseProgressQuery(course.id);
  if (!data) return <div className="skeleton" style={{ height: 64 }} aria-busy="true" aria-label="Loading your progress" />;
  const target = resumeTarget(course, data);
  return (
    <div className="progress-panel" aria-label="Your progress">
      <ProgressBar progress={data} />
      {target && target.label !== "Start the course" && (
        <Link className="btn btn-secondary btn-block" href={target.href} data-testid="resume-course">{target.label}</Link>
      )}
      {data.completed && <CertificatePanel courseId={course.id} userId={userId} />}
    </div>
  );
}
