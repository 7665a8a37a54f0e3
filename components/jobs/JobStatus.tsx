"use client";

import type { JobView } from "@/lib/client/jobView";

/** A job's progress bar, then its download or its error (SPEC F13: everything a user waits on shows progress). */
export function JobStatus({ job, label, downloadLabel, onRetry }: {
  job: JobView;
  label: string;
  downloadLabel: string;
  onRetry: () => void;
}) {
  if (job.status === "idle") return null;
  if (job.status === "restoring") return <p className="muted job-status" aria-busy="true">Checking your last request…</p>;
  if (job.status === "failed") {
    return (
      <div className="job-status" role="alert" data-testid="job-error">
        <p className="job-error">{job.error}</p>
        <button type="button" className="btn btn-secondary btn-sm" onClick={onRetry}>Try again</button>
      </div>
    );
  }
  if (job.status === "done" && job.result?.data) {
    const { url, filename, size, verifyUrl } = job.result.data;
    return (
      <div className="job-status">
        <a className="btn btn-primary" href={url} download={filename} data-testid="job-download">
          {downloadLabel}
        </a>
        <span className="muted job-file">
          {filename} · {formatSize(size)}
          {verifyUrl && <> · <a href={verifyUrl} target="_blank" rel="noreferrer" data-testid="job-verify">Verify page</a></>}
        </span>
      </div>
    );
  }
  return (
    <div className="job-status" data-testid="job-progress">
      <progress className="progress" max={100} value={job.progress} aria-label={label} />
      <span className="muted job-stage" aria-live="polite">{job.stage || "starting"} · {job.progress}%</span>
    </div>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
