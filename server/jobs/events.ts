import type { JobProgressPayload, JobResultPayload } from "@/contracts/jobs";
import type { RealtimeEvent } from "../services/events";

/** Job events go to the connections that registered the job (room `job:<id>`), through the Broadcaster. */
export function progressEvent(payload: JobProgressPayload): RealtimeEvent {
  return { to: { job: payload.job_id }, event: "jobProgress", payload };
}

export function resultEvent(payload: JobResultPayload): RealtimeEvent {
  return { to: { job: payload.job_id }, event: "jobResult", payload };
}
