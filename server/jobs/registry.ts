import { ErrorCode } from "@/contracts/errors";
import { AppError } from "../errors";
import { runtime } from "../runtime";
import type { JobQueue } from "./queue";

/** The queue server.ts started (with its job definitions), for the route handlers and services. */
const holder = () => runtime.store("job-queue", () => ({ queue: null as JobQueue | null }));

export function setJobQueue(queue: JobQueue | null): void {
  holder().queue = queue;
}

export function jobQueue(): JobQueue {
  const queue = holder().queue;
  if (!queue) throw new AppError(ErrorCode.Unavailable, "jobs are not available on this server right now");
  return queue;
}
