import { type Types } from "mongoose";
import type { JobResultPayload } from "@/contracts/jobs";
import { JobRecord } from "@/models/JobRecord";
import { User } from "@/models/User";
import { emitEvents } from "../realtime/broadcaster";
import { parseInput } from "../validation";
import { progressEvent, resultEvent } from "./events";
import { JobFailure, type JobDefinition, type JobOutcome } from "./types";

/** A worker that died this many times mid-run (the lock expired each time) gives up with 500. */
export const MAX_ATTEMPTS = 3;

export const downloadUrl = (jobId: string) => `/api/jobs/${encodeURIComponent(jobId)}/download`;

/**
 * Runs one job for the queue: marks it running (counting the attempt), runs its definition under a
 * timeout with progress pushed to the registered clients, and records the result, 201 or 500. It
 * never throws: every failure becomes the job's 500 result, so nothing is left "running" and Agenda
 * never retries a job that failed on its own. A job already finished (a retry that raced its own
 * end) is left alone: jobs are idempotent.
 */
export async function runJob(
  def: JobDefinition,
  jobId: string,
  keepLock: (progress: number) => Promise<void>,
  shutdown: AbortSignal,
): Promise<void> {
  const record = await JobRecord.findOneAndUpdate(
    { jobId, state: { $in: ["queued", "running"] } },
    { $set: { state: "running", startedAt: new Date() }, $inc: { attempts: 1 } },
    { returnDocument: "after" },
  ).lean();
  if (!record) return;
  let stage = "starting";
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let stopListener: (() => void) | undefined;
  try {
    if (record.attempts > MAX_ATTEMPTS) throw new JobFailure(`its worker stopped ${MAX_ATTEMPTS} times before the end; giving up`);
    const owner = await User.findById(record.owner, { name: 1, role: 1 }).lean();
    if (!owner) throw new JobFailure("the account that started it no longer exists");
    const params = parseInput(def.params, record.params ?? {});
    let lastPercent = -1;
    let lastLockAt = 0;
    const unlessStopping = () => {
      if (shutdown.aborted) throw new ShuttingDown();
    };
    const progress = async (percent: number, now: string): Promise<void> => {
      unlessStopping();
      const p = Math.max(0, Math.min(100, Math.round(percent)));
      if (p === lastPercent && now === stage) return;
      lastPercent = p;
      stage = now;
      await JobRecord.updateOne({ jobId, state: "running" }, { $set: { progress: p, stage } });
      // Interrupted while that write was on its way: the stop has handed the job back (unlocked), and
      // renewing the lock now would take it again for a lock lifetime (the restart would wait it out).
      unlessStopping();
      emitEvents([progressEvent({ job_id: jobId, progress: p, stage })]);
      // A progressing job keeps its lock, so only a dead worker's lock expires.
      if (Date.now() - lastLockAt > 2000) {
        lastLockAt = Date.now();
        await keepLock(p).catch(() => undefined);
      }
    };
    const ctx = {
      jobId,
      owner: { userId: owner._id.toString(), role: owner.role, name: owner.name },
      origin: process.env.PUBLIC_URL ?? record.origin,
      signal: AbortSignal.any([controller.signal, shutdown]),
      progress,
    };
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new JobFailure(`timed out after ${Math.round(def.timeoutMs / 1000)} s while ${stage}`));
      }, def.timeoutMs);
    });
    const stopped = new Promise<never>((_, reject) => {
      stopListener = () => {
        reject(new ShuttingDown());
      };
      if (shutdown.aborted) stopListener();
      else shutdown.addEventListener("abort", stopListener, { once: true });
    });
    const outcome = await Promise.race([def.run(params, ctx), timedOut, stopped]);
    await finish(jobId, success(jobId, outcome), outcome.fileId);
  } catch (e) {
    // Agenda records the interruption and, by the definition's backoff, runs it again (here or elsewhere).
    if (e instanceof ShuttingDown || shutdown.aborted) throw new ShuttingDown();
    await finish(jobId, failure(jobId, e, stage), null).catch((err: unknown) => {
      console.error(`[jobs] ${jobId}: result not recorded:`, err instanceof Error ? err.message : String(err));
    });
  } finally {
    clearTimeout(timer);
    // The queue's signal lives as long as the node: a listener per run would pile up.
    if (stopListener) shutdown.removeEventListener("abort", stopListener);
  }
}

export class ShuttingDown extends Error {
  constructor() {
    super("this node is shutting down");
  }
}

function success(jobId: string, outcome: JobOutcome): JobResultPayload {
  return { job_id: jobId, status: 201, data: { url: downloadUrl(jobId), ...outcome.data }, error: null, timestamp: new Date().toISOString() };
}

function failure(jobId: string, e: unknown, stage: string): JobResultPayload {
  const message = e instanceof JobFailure ? e.message : `failed while ${stage}: ${e instanceof Error ? e.message : String(e)}`;
  if (!(e instanceof JobFailure)) console.error(`[jobs] ${jobId} ${message}`);
  return { job_id: jobId, status: 500, data: null, error: message, timestamp: new Date().toISOString() };
}

async function finish(jobId: string, result: JobResultPayload, fileId: Types.ObjectId | null): Promise<void> {
  const ok = result.status === 201;
  const set = { state: ok ? "completed" : "failed", result, fileId, finishedAt: new Date(), ...(ok ? { progress: 100, stage: "done" } : {}) };
  const res = await JobRecord.updateOne({ jobId, state: "running" }, { $set: set });
  if (res.modifiedCount === 0) return; // another worker finished it first
  const events = ok ? [progressEvent({ job_id: jobId, progress: 100, stage: "done" }), resultEvent(result)] : [resultEvent(result)];
  emitEvents(events);
}
