"use client";

import { useJob } from "@/hooks/useJob";
import { JobStatus } from "./JobStatus";

/** "Get your certificate" on a completed course: starts the certificate job and offers the PDF. */
export function CertificatePanel({ courseId, userId }: { courseId: string; userId: string }) {
  const job = useJob("certificate", { courseId }, `job:certificate:${userId}:${courseId}`);
  return (
    <div className="certificate-panel" data-testid="certificate-panel">
      {job.status === "idle" && (
        <button type="button" className="btn btn-primary btn-block" onClick={() => void job.start()}>
          Get your certificate
        </button>
      )}
      <JobStatus job={job} label="Preparing your certificate" downloadLabel="Download certificate (PDF)" onRetry={() => void job.start()} />
    </div>
  );
}
