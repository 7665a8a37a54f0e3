import { jobDefinitions } from "./definitions";
import { JobQueue, type JobQueueOptions } from "./queue";
import { setJobQueue } from "./registry";
import type { JobDefinition } from "./types";

export interface JobsOptions extends JobQueueOptions {
  /** More kinds besides the product's (tests use slow, throwing and counting ones). */
  extraDefinitions?: readonly JobDefinition[];
}

/** Starts this node's job queue (server.ts, once the store is connected and io exists). */
export async function startJobs(opts: JobsOptions = {}): Promise<{ stop(): Promise<void> }> {
  const envPoll = Number(process.env.JOBS_POLL_MS);
  const queue = new JobQueue([...jobDefinitions, ...(opts.extraDefinitions ?? [])], {
    processEveryMs: opts.processEveryMs ?? (envPoll > 0 ? envPoll : undefined),
    lockLifetimeMs: opts.lockLifetimeMs,
    retention: opts.retention,
  });
  await queue.start();
  setJobQueue(queue);
  return {
    stop: async () => {
      setJobQueue(null);
      await queue.stop();
    },
  };
}
