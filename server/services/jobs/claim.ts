import { Types } from "mongoose";
import { ErrorCode } from "@/contracts/errors";
import { JobRecord, type JobRecordDoc } from "@/models/JobRecord";
import type { Actor } from "../../auth/actor";
import { AppError, isDuplicateKey } from "../../errors";

/**
 * A job id belongs to the first user who registers or starts it (SPEC F13). Anyone else is refused
 * with this one message, which says nothing about the job (its kind, state or owner).
 */
export const notYours = () => new AppError(ErrorCode.Forbidden, "this job id is taken; choose another");

/** The caller's record of `jobId`, created (state "registered") when nobody holds the id yet. */
export async function claimJob(jobId: string, actor: Actor): Promise<JobRecordDoc> {
  const owner = new Types.ObjectId(actor.userId);
  let record = await JobRecord.findOne({ jobId }).lean();
  if (!record) {
    try {
      record = (await JobRecord.create({ jobId, owner, state: "registered" })).toObject();
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      record = await JobRecord.findOne({ jobId }).lean(); // someone claimed it a moment ago
    }
  }
  if (!record || !record.owner.equals(owner)) throw notYours();
  return record;
}

/** The caller's own job, or 404 (an unknown id and someone else's read the same). */
export async function ownJob(jobId: string, actor: Actor): Promise<JobRecordDoc> {
  const record = await JobRecord.findOne({ jobId, owner: new Types.ObjectId(actor.userId) }).lean();
  if (!record) throw new AppError(ErrorCode.NotFound, "job not found");
  return record;
}
