"use client";

import { useJob } from "@/hooks/useJob";
import { selectUser } from "@/redux/features/auth/authSlice";
import { useAppSelector } from "@/redux/hooks";
import { JobStatus } from "./JobStatus";

/** Admin dashboard: export every purchase to CSV as a background job, with progress and the download. */
export function ExportPurchasesButton() {
  const userId = useAppSelector(selectUser)?.id ?? "anonymous";
  const job = useJob("purchases-export", {}, `job:purchases-export:${userId}`);
  const busy = job.status === "starting" || job.status === "running" || job.status === "restoring";
  return (
    <section className="card export-card" aria-labelledby="export-heading" data-testid="export-purchases">
      <div className="export-head">
        <div>
          <h2 id="export-heading">Purchases export</h2>
          <p className="muted">Every purchase as a CSV file (id, date, learner, email, course, price).</p>
        </div>
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void job.start()}>
          {job.status === "done" ? "Export again" : "Export purchases"}
        </button>
      </div>
      <JobStatus job={job} label="Exporting purchases" downloadLabel="Download CSV" onRetry={() => void job.start()} />
    </section>
  );
}
