import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { JobStateDto } from "@/contracts/jobs";
import { JobRecord } from "@/models/JobRecord";
import { User } from "@/models/User";
import { JobQueue } from "@/server/jobs/queue";
import { defineJob } from "@/server/jobs/types";
import { DEMO, loginAs, startTestServer, type TestServer } from "./support/harness";
import { enginePid, newJobId, seed001Clients, slowJob, textFileOutcome } from "./support/jobs";

/**
 * A graceful stop (a deploy, a restart) in the middle of a job: the job is interrupted, left unlocked
 * and due, so the next start (or another node) runs it again at once rather than after its lock (30 s
 * here, the default) expired. Jobs are idempotent, so running it again is safe.
 */
const LOCK_MS = 30_000;

let dataDir = "";
let current: TestServer | null = null;
afterAll(async () => {
  await current?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("graceful stop", () => {
  it("leaves no lock on the run it interrupts, even when the store stalls mid-progress, and the next queue takes it up at once", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "ll-jobs-restart-"));
    current = await startTestServer(dataDir);
    const admin = await User.findOne({ email: DEMO.admin }).orFail().lean();
    const engine = enginePid();
    const kind = "test-stalls";
    const runs: string[] = [];
    let interrupted = (): void => undefined;
    const wasInterrupted = new Promise<void>((resolve) => (interrupted = resolve));
    let runEnded: Promise<unknown> = Promise.resolve();
    // Its first progress report meets a stalled store (as on a loaded machine): the stop lands while
    // that write is on its way, before the runner renews the lock.
    const stalling = defineJob({
      kind,
      params: z.strictObject({}),
      concurrency: 1,
      timeoutMs: 30_000,
      authorize: () => undefined,
      run(_p, ctx) {
        runs.push(ctx.jobId);
        ctx.signal.addEventListener("abort", interrupted);
        process.kill(engine, "SIGSTOP");
        const run = (async () => {
          for (let i = 0; i < 50; i++) await ctx.progress(i * 2, `step ${i + 1}`);
          return textFileOutcome("never.txt", "never");
        })();
        runEnded = run.catch(() => undefined);
        return run;
      },
    });
    const first = new JobQueue([stalling], { processEveryMs: 200, lockLifetimeMs: LOCK_MS });
    await first.start();
    const jobId = newJobId();
    await JobRecord.create({ jobId, owner: admin._id, kind, params: {}, state: "queued" });
    await first.enqueue(jobId, kind);
    await expect.poll(() => runs.length, { timeout: 15_000 }).toBe(1);
    let stopped: Promise<void>;
    try {
      stopped = first.stop(0);
      // (bounded: a stop that needs the store before it interrupts must not hang the test)
      await Promise.race([wasInterrupted, new Promise((r) => setTimeout(r, 5000))]);
      await new Promise((r) => setImmediate(r)); // Agenda records the interruption (a write, held by the stall)
    } finally {
      process.kill(engine, "SIGCONT");
    }
    await stopped;
    await runEnded; // every write the interrupted run made has been answered
    const entry = await mongoose.connection.db?.collection("agendaJobs").findOne({ "data.jobId": jobId });
    expect(entry).toMatchObject({ lockedAt: null });
    expect(entry?.nextRunAt).toBeInstanceOf(Date);

    const startedAgain = Date.now();
    const second = new JobQueue([slowJob({ kind, runs, stepMs: 20 })], { processEveryMs: 200, lockLifetimeMs: LOCK_MS });
    await second.start();
    try {
      await expect.poll(async () => (await JobRecord.findOne({ jobId }).lean())?.state, { timeout: LOCK_MS / 2 }).toBe("completed");
      expect(Date.now() - startedAgain).toBeLessThan(LOCK_MS / 2);
      expect(runs).toEqual([jobId, jobId]); // interrupted once, run again once
    } finally {
      await second.stop(0);
    }
  }, 60_000);

  it("a server restart between the 202 and the end still completes the job, without waiting for a lock", async () => {
    const runs: string[] = [];
    const jobs = { extraDefinitions: [slowJob({ runs })], processEveryMs: 500, lockLifetimeMs: LOCK_MS };
    await current?.stop({ keepData: true });
    current = await startTestServer(dataDir, { jobs });
    let admin = await loginAs(current.url, DEMO.admin);
    const [client] = await seed001Clients(current.url, admin.token);
    const jobId = newJobId();
    await client.register(jobId);
    expect((await admin.post("/api/jobs", { jobId, kind: "test-slow", params: {} })).status).toBe(202);
    await expect.poll(() => client.progress.length, { timeout: 10_000 }).toBeGreaterThan(0);
    client.close();

    await current.stop({ keepData: true });
    current = await startTestServer(dataDir, { jobs });
    const restartedAt = Date.now();
    admin = await loginAs(current.url, DEMO.admin);
    const [back] = await seed001Clients(current.url, admin.token);
    expect(await back.register(jobId)).toMatchObject({ status: "success" });
    // The slow job takes about 4 s; a leftover lock would add up to 30 s.
    const result = await back.result(jobId, LOCK_MS / 2);
    expect(result).toMatchObject({ job_id: jobId, status: 201 });
    expect(Date.now() - restartedAt).toBeLessThan(LOCK_MS / 2);
    expect(runs).toEqual([jobId, jobId]); // cut by the stop, run again once after the restart
    const state = await admin.get<JobStateDto>(`/api/jobs/${jobId}`);
    expect(state.body).toMatchObject({ state: "completed", progress: 100 });
    back.close();
  }, 60_000);
});
