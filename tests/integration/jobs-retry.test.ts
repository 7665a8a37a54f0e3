import { expect, it } from "vitest";
import { z } from "zod";
import type { JobStateDto } from "@/contracts/jobs";
import { defineJob } from "@/server/jobs/types";
import { DEMO, loginAs, useTestServer } from "./support/harness";
import { newJobId, seed001Clients, textFileOutcome } from "./support/jobs";

/**
 * A worker that dies mid-run stops renewing its lock. Its first run here hangs without a word (as a dead
 * worker would); once the lock expires, another worker takes the job up and finishes it.
 */
let runs = 0;
const flaky = defineJob({
  kind: "test-dies-once",
  params: z.strictObject({}),
  concurrency: 2,
  timeoutMs: 60_000,
  authorize: () => undefined,
  async run() {
    runs++;
    if (runs === 1) return new Promise(() => undefined);
    return textFileOutcome("retried.txt", "second attempt");
  },
});

const t = useTestServer({ jobs: { extraDefinitions: [flaky], processEveryMs: 300, lockLifetimeMs: 2000 } });

it("a job whose worker died mid-run is retried once its lock expires, and ends once", async () => {
  const admin = await loginAs(t.url, DEMO.admin);
  const [client] = await seed001Clients(t.url, admin.token);
  const jobId = newJobId();
  await client.register(jobId);
  expect((await admin.post("/api/jobs", { jobId, kind: "test-dies-once", params: {} })).status).toBe(202);
  const result = await client.result(jobId, 25_000);
  expect(result).toMatchObject({ job_id: jobId, status: 201 });
  expect(runs).toBe(2);
  const state = await admin.get<JobStateDto>(`/api/jobs/${jobId}`);
  expect(state.body).toMatchObject({ state: "completed" });
  expect(client.results.filter((r) => r.job_id === jobId)).toHaveLength(1);
  client.close();
});
