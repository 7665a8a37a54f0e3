import { Agenda, constant, InMemoryNotificationChannel } from "agenda";
import { MongoBackend } from "@agendajs/mongo-backend";
import mongoose from "mongoose";
import { JobRecord } from "@/models/JobRecord";
import { AgendaRuns, stopAgendaGracefully } from "./graceful-stop";
import { CLEANUP_JOB, cleanUpJobs, DEFAULT_RETENTION, type RetentionOptions } from "./retention";
import { runJob, ShuttingDown } from "./runner";
import type { JobDefinition } from "./types";

const COLLECTION = "agendaJobs";

export interface JobQueueOptions {
  /** How often each node polls the store for jobs queued elsewhere (JOBS_POLL_MS, default 2000). */
  processEveryMs?: number;
  /** A lock not renewed for this long belongs to a dead worker: the job runs again (default 30 s). */
  lockLifetimeMs?: number;
  /** How long records and files are kept, and how often that is enforced (retention.ts). */
  retention?: Partial<RetentionOptions>;
}

interface AgendaJobData {
  jobId: string;
}

/**
 * The durable queue: Agenda 6 with its MongoDB backend on mongoose's own connection, so jobs live in
 * the same store as the rest (the embedded engine or MongoDB). Agenda's lock (`lockedAt`, taken with
 * findOneAndUpdate) makes a job run on one node only; a lock that is not renewed expires and another
 * worker retries the job; `concurrency` bounds each kind per node. A job queued here is picked up at
 * once by this node (in-process notification) and within `processEveryMs` by the others.
 */
export class JobQueue {
  private readonly definitions = new Map<string, JobDefinition>();
  private agenda: Agenda | null = null;
  private agendaRuns: AgendaRuns | null = null;
  /** Aborted on stop: runs still going stop recording anything, so another worker takes them up. */
  private readonly stopping = new AbortController();
  private readonly runs = new Set<Promise<void>>();

  constructor(definitions: readonly JobDefinition[], private readonly opts: JobQueueOptions = {}) {
    for (const d of definitions) this.definitions.set(d.kind, d);
  }

  definition(kind: string): JobDefinition | undefined {
    return this.definitions.get(kind);
  }

  async start(): Promise<void> {
    const db = mongoose.connection.db;
    if (!db) throw new Error("[jobs] the data store is not connected");
    const agenda = new Agenda({
      backend: new MongoBackend({ mongo: db, collection: COLLECTION }),
      notificationChannel: new InMemoryNotificationChannel(),
      processEvery: this.opts.processEveryMs ?? 2000,
      defaultLockLifetime: this.opts.lockLifetimeMs ?? 30_000,
      removeOnComplete: true,
    });
    this.agendaRuns = new AgendaRuns(agenda);
    agenda.on("error", (e: unknown) => {
      console.error("[jobs] queue error:", e instanceof Error ? e.message : String(e));
    });
    for (const def of this.definitions.values()) {
      agenda.define<AgendaJobData>(
        def.kind,
        async (job) => {
          // Locked in the moment the stop began: left for the next start (Agenda unlocks it as failed).
          if (this.stopping.signal.aborted) throw new ShuttingDown();
          const run = runJob(def, job.attrs.data.jobId, (p) => job.touch(p), this.stopping.signal);
          this.runs.add(run);
          try {
            await run;
          } finally {
            this.runs.delete(run);
          }
        },
        {
          concurrency: def.concurrency,
          lockLimit: def.concurrency,
          lockLifetime: this.opts.lockLifetimeMs ?? 30_000,
          // Only a run cut by a shutdown fails in Agenda's eyes (every other failure is the job's 500
          // result): it runs again a second later, on whichever node is up.
          backoff: constant({ delay: 1000, maxRetries: 5 }),
        },
      );
    }
    const retention = { ...DEFAULT_RETENTION, ...this.opts.retention };
    agenda.define(CLEANUP_JOB, async () => {
      await cleanUpJobs(retention, this.stopping.signal);
    }, { concurrency: 1 });
    await agenda.start();
    this.agenda = agenda;
    // One recurring entry for the whole cluster (Agenda's `every` saves a single job by name).
    await agenda.every(retention.everyMs, CLEANUP_JOB);
    await this.requeueOrphans();
  }

  /** Queues a job once: a second call for the same job id finds the first entry (Agenda's unique). */
  async enqueue(jobId: string, kind: string): Promise<void> {
    const agenda = this.agenda;
    if (!agenda) throw new Error("[jobs] the queue is not started");
    const job = agenda.create<AgendaJobData>(kind, { jobId });
    job.unique({ "data.jobId": jobId }, { insertOnly: true });
    job.schedule(new Date());
    await job.save();
  }

  /**
   * Gives running jobs up to `graceMs` to finish, then interrupts the rest and leaves none of them
   * locked (graceful-stop.ts), so another node or the next start runs them at once.
   */
  async stop(graceMs = 2000): Promise<void> {
    const agenda = this.agenda;
    this.agenda = null;
    const db = mongoose.connection.db;
    if (!agenda || !db || !this.agendaRuns) return;
    await stopAgendaGracefully(agenda, db, COLLECTION, {
      runs: this.agendaRuns,
      work: this.runs,
      graceMs,
      interrupt: () => {
        this.stopping.abort();
      },
    });
    await Promise.allSettled([...this.runs]);
  }

  /**
   * Jobs our records say are queued or running but Agenda does not hold (a crash between recording
   * the start and queueing it): queued again, once (unique per job id).
   */
  private async requeueOrphans(): Promise<void> {
    const open = await JobRecord.find({ state: { $in: ["queued", "running"] } }, { jobId: 1, kind: 1 }).lean();
    for (const r of open) {
      if (r.kind && this.definitions.has(r.kind)) await this.enqueue(r.jobId, r.kind).catch(() => undefined);
    }
  }
}
