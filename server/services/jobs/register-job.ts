import { z } from "zod";
import { jobIdSchema, type JobStateDto } from "@/contracts/jobs";
import { toJobStateDto } from "@/models/JobRecord";
import type { Actor } from "../../auth/actor";
import { claimJob, ownJob } from "./claim";

export const jobIdInput = z.strictObject({ jobId: jobIdSchema });

/** `register`: claims the id for the caller, or confirms it is theirs; refused for anyone else. */
export async function registerJob(input: z.infer<typeof jobIdInput>, actor: Actor): Promise<JobStateDto> {
  return toJobStateDto(await claimJob(input.jobId, actor));
}

/** `GET /api/jobs/:jobId`: the owner's view of the job (404 for anyone else). */
export async function getJob(input: z.infer<typeof jobIdInput>, actor: Actor): Promise<JobStateDto> {
  return toJobStateDto(await ownJob(input.jobId, actor));
}
