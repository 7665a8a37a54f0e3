import type { Types } from "mongoose";
import type { z } from "zod";
import type { JobFileData } from "@/contracts/jobs";
import type { Actor } from "../auth/actor";

/**
 * A kind of job, typed end to end: its params schema, who may start it, how many run at once per
 * node, how long it may take, and the work itself. Definitions never touch the queue or the
 * transport; `JobContext` is all they see (in the spirit of documenso's packages/lib/jobs).
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  kind: string;
  params: S;
  /** Jobs of this kind running at once on one node (Agenda's per-definition concurrency). */
  concurrency: number;
  /** A run that takes longer ends with status 500 ("timed out ... while <stage>"). */
  timeoutMs: number;
  /** Throws an AppError (403) when `actor` may not start this kind at all. */
  authorize(actor: Actor): void;
  run(params: z.output<S>, ctx: JobContext): Promise<JobOutcome>;
}

export interface JobContext {
  jobId: string;
  /** Whoever owns the job id (the user it runs for), read from the store at run time. */
  owner: Actor;
  /** Where the public site lives (verify URLs printed on certificates). */
  origin: string;
  /** Aborted when the run timed out: long loops stop at the next check. */
  signal: AbortSignal;
  /** Reports progress (0-100) and what the job does now; pushed to registered clients. */
  progress(percent: number, stage: string): Promise<void>;
}

/** What a finished job made: a file in GridFS (served by `GET /api/jobs/:jobId/download`). */
export interface JobOutcome {
  fileId: Types.ObjectId;
  data: Omit<JobFileData, "url">;
}

/** A failure the user should read as is ("3 of 5 lessons are not complete yet"). */
export class JobFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobFailure";
  }
}

/** Keeps `params` inferred from the schema in each definition file. */
export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition {
  return definition;
}
