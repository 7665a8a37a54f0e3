import type { JobProgressPayload, JobResultPayload, JobStateDto } from "@/contracts/jobs";

/** What a job looks like to the page (SPEC F13): a pure reducer so every source of news merges the same way. */
export interface JobView {
  jobId: string | null;
  /** `restoring`: a job id kept from an earlier visit, until the server says where it is. */
  status: "idle" | "restoring" | "starting" | "running" | "done" | "failed";
  progress: number;
  stage: string;
  result: JobResultPayload | null;
  error: string | null;
}

export const idleJob: JobView = { jobId: null, status: "idle", progress: 0, stage: "", result: null, error: null };

export type JobNews =
  | { type: "started"; jobId: string }
  | { type: "restored"; jobId: string }
  /** The server holds the id but it was never started (the start failed, or the tab closed in between). */
  | { type: "unstarted" }
  | { type: "state"; state: JobStateDto }
  | { type: "progress"; payload: JobProgressPayload }
  | { type: "result"; payload: JobResultPayload }
  | { type: "refused"; message: string }
  | { type: "reset" };

/** News about another job id is ignored; a finished job never goes back to running (late progress). */
export function reduceJob(view: JobView, news: JobNews): JobView {
  switch (news.type) {
    case "reset":
      return idleJob;
    case "started":
      return { ...idleJob, jobId: news.jobId, status: "starting", stage: "starting" };
    case "restored":
      return { ...idleJob, jobId: news.jobId, status: "restoring" };
    case "unstarted":
      return view.status === "restoring" ? idleJob : view;
    case "refused":
      return { ...view, status: "failed", error: news.message };
    case "state": {
      const s = news.state;
      if (s.jobId !== view.jobId) return view;
      if (s.result) return reduceJob(view, { type: "result", payload: s.result });
      if (s.state === "queued" || s.state === "running") return reduceJob(view, { type: "progress", payload: { job_id: s.jobId, progress: s.progress, stage: s.stage } });
      return view;
    }
    case "progress": {
      const p = news.payload;
      if (p.job_id !== view.jobId || view.status === "done" || view.status === "failed") return view;
      return { ...view, status: "running", progress: Math.max(view.status === "running" ? view.progress : 0, p.progress), stage: p.stage };
    }
    case "result": {
      const r = news.payload;
      if (r.job_id !== view.jobId) return view;
      return r.status === 201
        ? { ...view, status: "done", progress: 100, stage: "done", result: r, error: null }
        : { ...view, status: "failed", result: r, error: r.error ?? "the job failed" };
    }
  }
}
