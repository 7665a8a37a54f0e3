import type { mongo } from "mongoose";
import { Certificate } from "@/models/Certificate";
import { JobRecord } from "@/models/JobRecord";
import { fileBucket } from "./files";

/**
 * How long job records and their files are kept (SPEC F13). A recurring job on the queue applies it
 * (`jobs-cleanup`, run on one node at a time like any other job):
 * - an id registered but never started is freed after `unstartedMs` (default 1 hour): a client that
 *   registers and then never starts does not hold the id forever;
 * - a finished job's record (its result, what `register` pushes again) is removed `finishedMs` after
 *   it ended (default 7 days); a client that comes back later finds the id free and starts afresh;
 * - a stored file is removed once it is older than `finishedMs` and nothing refers to it any more:
 *   a purchases export (names and emails: kept no longer than needed, an admin exports again at
 *   will) goes with its record; a certificate's PDF is never removed, because its Certificate refers
 *   to it (certificates are verifiable forever and a new job hands out the same file).
 */
export interface RetentionOptions {
  unstartedMs: number;
  finishedMs: number;
  /** How often the clean-up runs (default every 15 minutes). */
  everyMs: number;
}

const HOUR = 60 * 60_000;
export const DEFAULT_RETENTION: RetentionOptions = { unstartedMs: HOUR, finishedMs: 7 * 24 * HOUR, everyMs: 15 * 60_000 };

export const CLEANUP_JOB = "jobs-cleanup";

/** Files are checked against their references this many at a time (memory stays flat). */
const FILE_BATCH = 500;

export interface CleanupReport {
  unstarted: number;
  finished: number;
  files: number;
}

export async function cleanUpJobs(opts: RetentionOptions, signal?: AbortSignal, now = Date.now()): Promise<CleanupReport> {
  const unstartedFilter: Record<string, unknown> = { state: "registered", createdAt: { $lt: new Date(now - opts.unstartedMs) } };
  const finishedFilter: Record<string, unknown> = { state: { $in: ["completed", "failed"] }, finishedAt: { $lt: new Date(now - opts.finishedMs) } };
  const unstarted = await JobRecord.deleteMany(unstartedFilter);
  const finished = await JobRecord.deleteMany(finishedFilter);
  const files = await removeUnreferencedFiles(new Date(now - opts.finishedMs), signal);
  return { unstarted: unstarted.deletedCount, finished: finished.deletedCount, files };
}

async function removeUnreferencedFiles(olderThan: Date, signal?: AbortSignal): Promise<number> {
  const bucket = fileBucket();
  const cursor = bucket.find({ uploadDate: { $lt: olderThan } }, { projection: { _id: 1 }, batchSize: FILE_BATCH });
  let removed = 0;
  let batch: mongo.ObjectId[] = [];
  const sweep = async () => {
    const ids = batch;
    batch = [];
    const referring: Record<string, unknown> = { fileId: { $in: ids } };
    const [records, certificates] = await Promise.all([
      JobRecord.find(referring, { fileId: 1 }).lean(),
      Certificate.find(referring, { fileId: 1 }).lean(),
    ]);
    const kept = new Set([...records, ...certificates].map((r) => r.fileId?.toString()));
    for (const id of ids) {
      if (kept.has(id.toString())) continue;
      await bucket.delete(id).catch(() => undefined); // gone already (another node's sweep)
      removed++;
    }
  };
  try {
    for await (const file of cursor) {
      if (signal?.aborted) break;
      batch.push(file._id);
      if (batch.length >= FILE_BATCH) await sweep();
    }
    if (batch.length > 0 && !signal?.aborted) await sweep();
  } finally {
    await cursor.close().catch(() => undefined);
  }
  return removed;
}
