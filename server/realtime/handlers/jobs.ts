import { ackFail, type Ack } from "@/contracts/ack";
import { jobIdSchema, type JobStateDto, type RegisterAck } from "@/contracts/jobs";
import { getJob, registerJob } from "../../services/jobs/register-job";
import type { Connection } from "../client-connection";
import { defineEvent, type ClientEventTable } from "../on-event";

/**
 * Seed 001's `register` (SPEC F13): `socket.emit("register", jobId, ack)`. The caller claims the job
 * id (or finds it theirs), joins the job's audience, and hears its current progress or result at once
 * (after the ack), so a client that reconnected, or registers a job that already ended, misses nothing.
 */
export const jobEvents = {
  register: defineEvent({
    schema: jobIdSchema,
    rate: [20, 2],
    async handle(jobId, { conn, actor }): Promise<JobStateDto> {
      await registerJob({ jobId }, actor);
      await conn.join({ job: jobId });
      // Read again after joining: a result written in between reaches us one way or the other.
      const state = await getJob({ jobId }, actor);
      setImmediate(() => {
        pushCurrent(conn, state);
      });
      return state;
    },
    shapeAck: (res, payload) => seed001Ack(res, payload) as Ack<JobStateDto>,
  }),
} satisfies Partial<ClientEventTable>;

/** Our `{ ok, data | error }` plus seed 001's `{ status: "success", jobId }` or `{ status: "error", message }`. */
export function seed001Ack(res: Ack<JobStateDto>, payload: unknown): RegisterAck {
  if (res.ok) return { ...res, status: "success", jobId: res.data.jobId };
  const jobId = typeof payload === "string" ? payload.slice(0, 100) : undefined;
  return { ...ackFail(res.error), status: "error", message: res.error.message, ...(jobId ? { jobId } : {}) };
}

function pushCurrent(conn: Connection, state: JobStateDto): void {
  if (!conn.connected) return;
  if (state.result) conn.send("jobResult", state.result);
  else if (state.state === "queued" || state.state === "running") {
    conn.send("jobProgress", { job_id: state.jobId, progress: state.progress, stage: state.stage });
  }
}
