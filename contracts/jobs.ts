import { z } from "zod";
import type { Ack } from "./ack";
import { objectId } from "./schemas";

/**
 * Jobs with register, acknowledgement and pushed result (SPEC F13, seed 001). The event names and
 * payload fields (`job_id`, `status: 201 | 500`, `timestamp`) are seed 001's, so a client written
 * from it works with only the result event's name changed (`jobResult`).
 */

/** Chosen by the client (seed 001: `"job_" + Date.now()`); belongs to whoever registers or starts it first. */
export const jobIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "a job id is 1 to 100 letters, digits or _ . : -");

export const JobKinds = ["certificate", "purchases-export"] as const;
export type JobKind = (typeof JobKinds)[number];

export const certificateParams = z.strictObject({ courseId: objectId });
export const purchasesExportParams = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/** The params each kind takes, for typed clients (the server validates them per kind). */
export interface JobParamsOf {
  certificate: z.infer<typeof certificateParams>;
  "purchases-export": z.infer<typeof purchasesExportParams>;
}

/** `POST /api/jobs`. `kind` is checked against the server's job definitions, then `params` against the kind. */
export const startJobBody = z.strictObject({
  jobId: jobIdSchema,
  kind: z.string().min(1).max(64),
  params: z.record(z.string(), z.unknown()).default({}),
});

export type JobState = "registered" | "queued" | "running" | "completed" | "failed";

/** `jobProgress`: 0 to 100, and what the job is doing now. */
export interface JobProgressPayload {
  job_id: string;
  progress: number;
  stage: string;
}

/** What a job that made a file gives back (certificate, export). `url` downloads it (owner only). */
export interface JobFileData {
  url: string;
  filename: string;
  contentType: string;
  size: number;
  /** Certificates: the public page that verifies it (also printed on the PDF). */
  verifyUrl?: string;
}

/** `jobResult`: 201 with `data`, or 500 with `error` saying what failed. */
export interface JobResultPayload {
  job_id: string;
  status: 201 | 500;
  data: JobFileData | null;
  error: string | null;
  timestamp: string;
}

/** `GET /api/jobs/:jobId`, the data of a `register` ack, and `POST /api/jobs`'s 202 body. */
export interface JobStateDto {
  jobId: string;
  kind: string | null;
  state: JobState;
  progress: number;
  stage: string;
  result: JobResultPayload | null;
}

/** Emitted once per connection (seed 001). */
export interface ConnectionAckPayload {
  status: "success";
  socketId: string;
}

/** The `register` ack: seed 001's `status`/`jobId`/`message` and our `{ ok, data | error }` in one object. */
export type RegisterAck = Ack<JobStateDto> & ({ status: "success"; jobId: string } | { status: "error"; message: string });
