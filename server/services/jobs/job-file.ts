import type { Readable } from "node:stream";
import { ErrorCode } from "@/contracts/errors";
import type { Actor } from "../../auth/actor";
import { AppError } from "../../errors";
import { findFile, openFile } from "../../jobs/files";
import { jobIdInput } from "./register-job";
import { ownJob } from "./claim";

export { jobIdInput };

export interface JobFile {
  stream: Readable;
  filename: string;
  contentType: string;
  size: number;
}

/** `GET /api/jobs/:jobId/download`: the file a finished job made, for its owner only (others: 404). */
export async function jobFile(input: { jobId: string }, actor: Actor): Promise<JobFile> {
  const record = await ownJob(input.jobId, actor);
  const file = record.fileId ? await findFile(record.fileId) : null;
  if (!record.fileId || !file) throw new AppError(ErrorCode.NotFound, record.state === "completed" ? "the file is gone" : "this job has no file (yet)");
  return { stream: openFile(record.fileId), filename: file.filename, contentType: file.contentType, size: file.size };
}
