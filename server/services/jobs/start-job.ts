import { ErrorCode } from "@/contracts/errors";
import { startJobBody, type JobStateDto } from "@/contracts/jobs";
import { JobRecord, toJobStateDto } from "@/models/JobRecord";
import type { Actor } from "../../auth/actor";
import { AppError, badRequest } from "../../errors";
import { jobQueue } from "../../jobs/registry";
import { parseInput } from "../../validation";
import { claimJob } from "./claim";

export const startJobInput = startJobBody;

/**
 * `POST /api/jobs { jobId, kind, params }` -> 202: checks the kind, who may start it and its params,
 * then records the start (once: a conditional update, so two starts of one id queue one job) and
 * queues it. Starting a job that already started answers its current state (idempotent retries).
 */
export async function startJob(input: ReturnType<typeof startJobInput.parse>, actor: Actor, origin: string): Promise<JobStateDto> {
  const queue = jobQueue();
  const def = queue.definition(input.kind);
  if (!def) throw badRequest(`unknown job kind "${input.kind.slice(0, 64)}"`);
  const record = await claimJob(input.jobId, actor);
  if (record.kind !== null && record.kind !== undefined) {
    if (record.kind !== input.kind) throw new AppError(ErrorCode.Conflict, `this job id already runs a "${record.kind}" job`);
    return toJobStateDto(record);
  }
  def.authorize(actor);
  const params: unknown = parseInput(def.params, input.params);
  const started = await JobRecord.findOneAndUpdate(
    { jobId: input.jobId, kind: null },
    { $set: { kind: input.kind, params, origin, state: "queued", stage: "waiting in the queue" } },
    { returnDocument: "after" },
  ).lean();
  if (!started) return toJobStateDto(await JobRecord.findOne({ jobId: input.jobId }).lean().orFail());
  await queue.enqueue(input.jobId, input.kind);
  return toJobStateDto(started);
}
