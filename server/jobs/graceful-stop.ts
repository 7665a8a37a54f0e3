import type { Agenda, JobParameters } from "agenda";
import { Types, type mongo } from "mongoose";

/** How long a stop waits for Agenda to record the runs it interrupted (their retry and unlock). */
const RECORD_INTERRUPTED_MS = 3000;

type AgendaEvent = { attrs: JobParameters };
const idOf = (job: AgendaEvent) => job.attrs._id?.toString() ?? "";

/**
 * The jobs this node's Agenda runs now, from its own events: `start` (the job is locked by us and its
 * function is about to run) to `complete` (Agenda has written the outcome and cleared the lock). Kept
 * in memory, so a stop knows them without asking the store.
 */
export class AgendaRuns {
  private readonly active = new Set<string>();
  private readonly idleWaiters = new Set<() => void>();

  constructor(agenda: Agenda) {
    agenda.on("start", (job: AgendaEvent) => {
      this.active.add(idOf(job));
    });
    agenda.on("complete", (job: AgendaEvent) => {
      this.active.delete(idOf(job));
      if (this.active.size === 0) for (const wake of this.idleWaiters) wake();
    });
  }

  ids(): string[] {
    return [...this.active];
  }

  /** Resolves once no run is left (each has been recorded), or after `ms`. */
  async idle(ms: number): Promise<void> {
    if (this.active.size === 0) return;
    let wake = (): void => undefined;
    await within(new Promise<void>((resolve) => this.idleWaiters.add((wake = resolve))), ms);
    this.idleWaiters.delete(wake);
  }
}

export interface StopPlan {
  runs: AgendaRuns;
  /** This node's own runs of the product's kinds, given `graceMs` to finish. */
  work: Iterable<Promise<void>>;
  graceMs: number;
  /** Tells the runs still going that they must end now (the runner throws ShuttingDown to Agenda). */
  interrupt(): void;
}

/**
 * Stops an Agenda without leaving a lock behind, so a restart (here or on another node) takes the
 * interrupted jobs up at once instead of waiting out their lock lifetime:
 * 1. Agenda stops locking new jobs and unlocks those it had locked but not started.
 * 2. The running ones get `graceMs` to finish; the rest are interrupted.
 * 3. Agenda records each interrupted run (failed, retried by its backoff a second later) and clears
 *    its lock; we wait for that (`complete`), so the store is up to date before the connection closes.
 * 4. A lock still held after that (Agenda could not write it in time) is cleared here, due now.
 * A process killed outright (kill -9) does none of this: its jobs wait for their lock to expire.
 */
export async function stopAgendaGracefully(agenda: Agenda, db: mongo.Db, collection: string, plan: StopPlan): Promise<void> {
  await agenda.stop(false).catch(() => undefined);
  await within(Promise.allSettled([...plan.work]), plan.graceMs);
  const interrupted = plan.runs.ids();
  plan.interrupt();
  await plan.runs.idle(RECORD_INTERRUPTED_MS);
  const left = new Set(plan.runs.ids());
  const unrecorded = interrupted.filter((id) => left.has(id));
  if (unrecorded.length > 0) await unlock(db, collection, unrecorded);
}

async function unlock(db: mongo.Db, collection: string, ids: string[]): Promise<void> {
  await db
    .collection(collection)
    .updateMany({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) }, lockedAt: { $ne: null } }, { $set: { lockedAt: null, nextRunAt: new Date() } })
    .catch((e: unknown) => {
      console.error("[jobs] could not unlock interrupted jobs:", e instanceof Error ? e.message : String(e));
    });
}

function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.then(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]).finally(() => {
    clearTimeout(timer);
  });
}
