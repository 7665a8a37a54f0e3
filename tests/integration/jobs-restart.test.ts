import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { z } from "zod";
import type { JobStateDto } from "@/contracts/jobs";
import { saveBuffer } from "@/server/jobs/files";
import { defineJob } from "@/server/jobs/types";
import { DEMO, loginAs, startTestServer, type TestServer } from "./support/harness";
import { newJobId, Seed001Client } from "./support/jobs";

/** A job longer than the shutdown's grace period, so the restart lands in the middle of it. */
const runs: string[] = [];
const slowJob = defineJob({
  kind: "test-slow",
  params: z.strictObject({}),
  concurrency: 1,
  timeoutMs: 30_000,
  authorize: () => undefined,
  async run(_p, ctx) {
    runs.push(ctx.jobId);
    for (let i = 0; i < 10; i++) {
      await ctx.progress(i * 10, `step ${i + 1} of 10`);
      await new Promise((r) => setTimeout(r, 400));
    }
    const file = await saveBuffer("slow.txt", "text/plain", Buffer.from("done"));
    return { fileId: file.id, data: { filename: file.filename, contentType: file.contentType, size: file.size } };
  },
});
const jobs = { extraDefinitions: [slowJob], processEveryMs: 500 };

let dataDir = "";
let current: TestServer | null = null;
afterAll(async () => {
  await current?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it("a restart between the 202 and the end still completes the job (run again: jobs are idempotent)", async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "ll-jobs-restart-"));
  current = await startTestServer(dataDir, { jobs });
  let admin = await loginAs(current.url, DEMO.admin);
  const client = new Seed001Client(current.url, admin.token ?? "");
  await client.ready;
  const jobId = newJobId();
  await client.register(jobId);
  expect((await admin.post("/api/jobs", { jobId, kind: "test-slow", params: {} })).status).toBe(202);
  await expect.poll(() => client.progress.length, { timeout: 10_000 }).toBeGreaterThan(0);
  client.close();

  await current.stop({ keepData: true });
  const stoppedAt = runs.length;
  current = await startTestServer(dataDir, { jobs });
  admin = await loginAs(current.url, DEMO.admin);
  const back = new Seed001Client(current.url, admin.token ?? "");
  await back.ready;
  expect(await back.register(jobId)).toMatchObject({ status: "success" });
  // Normally the interrupted run is unlocked at shutdown and taken up at once; when the shutdown's grace
  // ran out first, its lock (30 s) has to expire: either way the job completes (seen once in CI: > 30 s).
  const result = await back.result(jobId, 75_000);
  expect(result).toMatchObject({ job_id: jobId, status: 201 });
  expect(runs.length).toBe(stoppedAt + 1); // the interrupted run was taken up once after the restart
  const state = await admin.get<JobStateDto>(`/api/jobs/${jobId}`);
  expect(state.body).toMatchObject({ state: "completed", progress: 100 });
  back.close();
}, 150_000); // two server starts on a loaded machine, and possibly a lock expiry
