import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { JobStateDto } from "@/contracts/jobs";
import type { CoursesResponse } from "@/contracts/rest";
import { defineJob } from "@/server/jobs/types";
import { Api, DEMO, loginAs, settle, useTestServer } from "./support/harness";
import { completeLessons, newJobId, ownedCourse, seed001Clients, textFileOutcome } from "./support/jobs";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Test kinds next to the product's: one that throws, one stuck past its timeout, one that counts who runs at once. */
const running = { now: 0, max: 0, done: 0, runsOf: new Map<string, number>() };
const extraDefinitions = [
  defineJob({
    kind: "test-throw",
    params: z.strictObject({}),
    concurrency: 2,
    timeoutMs: 5000,
    authorize: () => undefined,
    async run(_p, ctx) {
      await ctx.progress(10, "warming up");
      throw new Error("disk on fire");
    },
  }),
  defineJob({
    kind: "test-stuck",
    params: z.strictObject({}),
    concurrency: 1,
    timeoutMs: 800,
    authorize: () => undefined,
    async run(_p, ctx) {
      await ctx.progress(5, "waiting forever");
      return new Promise(() => undefined);
    },
  }),
  defineJob({
    kind: "test-count",
    params: z.strictObject({}),
    concurrency: 2,
    timeoutMs: 20_000,
    authorize: () => undefined,
    async run(_p, ctx) {
      running.now++;
      running.max = Math.max(running.max, running.now);
      running.runsOf.set(ctx.jobId, (running.runsOf.get(ctx.jobId) ?? 0) + 1);
      try {
        await ctx.progress(50, "counting");
        await sleep(150);
      } finally {
        running.now--;
        running.done++;
      }
      return textFileOutcome("count.txt", "ok");
    },
  }),
];

const t = useTestServer({ jobs: { extraDefinitions, processEveryMs: 500 } });

async function startJob(api: Api, jobId: string, kind: string, params: Record<string, unknown> = {}) {
  return api.post<JobStateDto>("/api/jobs", { jobId, kind, params });
}

describe("seed 001 flow (SPEC F13)", () => {
  it("certificate: connection_ack, register ack, 202, progress, jobResult 201, a PDF download; verify page; issued once", async () => {
    const learner = await loginAs(t.url, DEMO.learner2);
    const course = await ownedCourse(learner);
    const progress = await completeLessons(learner, course);
    expect(progress).toMatchObject({ percent: 100, completed: true, next: null });

    const [client] = await seed001Clients(t.url, learner.token);
    expect(client.acks).toEqual([{ status: "success", socketId: client.socket.id }]);
    const jobId = newJobId();
    const ack = await client.register(jobId);
    expect(ack).toMatchObject({ status: "success", jobId, ok: true, data: { jobId, state: "registered", kind: null } });
    const started = await startJob(learner, jobId, "certificate", { courseId: course.id });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ jobId, kind: "certificate", state: "queued" });

    const result = await client.result(jobId);
    expect(result).toMatchObject({ job_id: jobId, status: 201, error: null, data: { url: `/api/jobs/${jobId}/download`, contentType: "application/pdf" } });
    expect(Date.parse(result.timestamp)).not.toBeNaN();
    expect(client.progress.filter((p) => p.job_id === jobId).length).toBeGreaterThanOrEqual(1);
    expect(client.progress.every((p) => p.progress >= 0 && p.progress <= 100 && typeof p.stage === "string")).toBe(true);

    const res = await fetch(`${t.url}${result.data?.url ?? ""}`, { headers: { authorization: `Bearer ${learner.token ?? ""}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toContain(`certificate-${course.slug}.pdf`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBe(result.data?.size);

    const status = await learner.get<JobStateDto>(`/api/jobs/${jobId}`);
    expect(status.body).toMatchObject({ jobId, state: "completed", progress: 100, result: { status: 201 } });

    // A second job for the same course returns the same certificate.
    const again = newJobId();
    await client.register(again);
    await startJob(learner, again, "certificate", { courseId: course.id });
    const second = await client.result(again);
    expect(second).toMatchObject({ status: 201, data: { size: result.data?.size } });
    const pdf2 = Buffer.from(await (await fetch(`${t.url}${second.data?.url ?? ""}`, { headers: { authorization: `Bearer ${learner.token ?? ""}` } })).arrayBuffer());
    expect(pdf2.equals(pdf)).toBe(true); // the same certificate, not a new one
    client.close();
  });

  it("the verify page shows the certificate and 404s for an unknown id", async () => {
    const { Certificate } = await import("@/models/Certificate");
    const cert = await Certificate.findOne({}).lean();
    if (!cert) throw new Error("no certificate issued by the previous test");
    const page = await fetch(`${t.url}/certificates/${cert._id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Leo Learner");
    expect(html).toContain(cert.courseTitle);
    expect((await fetch(`${t.url}/certificates/AAAAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await fetch(`${t.url}/certificates/%3Cscript%3E`)).status).toBe(404);
  });

  it("certificate before every lesson is complete: 500 saying how many are missing", async () => {
    const learner = await loginAs(t.url, DEMO.learner1);
    const courses = (await (await fetch(`${t.url}/api/courses`)).json()) as CoursesResponse;
    const course = courses.courses.at(-1);
    if (!course) throw new Error("no course");
    expect((await learner.post(`/api/courses/${course.id}/purchase`)).status).toBeLessThan(300);
    await completeLessons(learner, course, 2);
    const [client] = await seed001Clients(t.url, learner.token);
    const jobId = newJobId();
    await client.register(jobId);
    expect((await startJob(learner, jobId, "certificate", { courseId: course.id })).status).toBe(202);
    const result = await client.result(jobId);
    expect(result).toMatchObject({ job_id: jobId, status: 500, data: null });
    expect(result.error).toMatch(new RegExp(`^2 of ${course.lessons.length} lessons are not complete yet: `));
    client.close();
  });

  it("purchases export (admins): progress, 201, a CSV whose rows match the purchases, formulas neutralised", async () => {
    const name = "=HYPERLINK(\"http://evil\")";
    const email = `csv-${Date.now()}@example.test`;
    const reg = new Api(t.url);
    expect((await reg.post("/api/auth/register", { name, email, password: "long-enough-pw" })).status).toBe(201);
    const buyer = await loginAs(t.url, email, "long-enough-pw");
    const courses = (await (await fetch(`${t.url}/api/courses`)).json()) as CoursesResponse;
    const course = courses.courses[0];
    if (!course) throw new Error("no course");
    expect((await buyer.post(`/api/courses/${course.id}/purchase`)).status).toBe(201);

    const admin = await loginAs(t.url, DEMO.admin);
    const [client] = await seed001Clients(t.url, admin.token);
    const jobId = newJobId();
    expect(await client.register(jobId)).toMatchObject({ status: "success", ok: true });
    expect((await startJob(admin, jobId, "purchases-export")).status).toBe(202);
    const result = await client.result(jobId);
    expect(result).toMatchObject({ status: 201, data: { contentType: "text/csv; charset=utf-8" } });
    expect(client.progress.some((p) => p.job_id === jobId)).toBe(true);
    const res = await fetch(`${t.url}/api/jobs/${jobId}/download`, { headers: { authorization: `Bearer ${admin.token ?? ""}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="purchases-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows: string[][] = parseCsv(await res.text());
    expect(rows[0]).toEqual(["id", "date", "learner", "email", "course", "price", "currency"]);
    const { Purchase } = await import("@/models/Purchase");
    const ids = (await Purchase.find({}, { _id: 1 }).lean()).map((p) => p._id.toString()).sort();
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(ids);
    const mine = rows.find((r) => r[3] === email);
    expect(mine).toEqual([expect.any(String), expect.any(String), `'${name}`, email, course.title, (course.priceCents / 100).toFixed(2), "USD"]);
    client.close();
  });

  it("a large export is written batch after batch: every purchase once, the header once, each row's learner and course", async () => {
    const { default: mongoose } = await import("mongoose");
    const db = mongoose.connection.db;
    if (!db) throw new Error("no db");
    const courses = await db.collection("courses").find({}, { projection: { title: 1, priceCents: 1 } }).toArray();
    const users = Array.from({ length: Math.ceil(3000 / courses.length) }, (_, i) => ({
      _id: new mongoose.Types.ObjectId(), name: `Many ${i}, "the ${i}th"`, email: `many-${i}@example.test`, passwordHash: "x", role: "learner",
    }));
    await db.collection("users").insertMany(users);
    await db.collection("purchases").insertMany(users.flatMap((u) => courses.map((c) => ({
      learner: u._id, course: c._id, priceCents: c.priceCents as number, currency: "USD", createdAt: new Date(), updatedAt: new Date(),
    }))));

    const admin = await loginAs(t.url, DEMO.admin);
    const [client] = await seed001Clients(t.url, admin.token);
    const jobId = newJobId();
    await client.register(jobId);
    expect((await startJob(admin, jobId, "purchases-export")).status).toBe(202);
    expect(await client.result(jobId)).toMatchObject({ status: 201 });
    expect(client.progress.filter((p) => p.job_id === jobId).length).toBeGreaterThan(3);
    const res = await fetch(`${t.url}/api/jobs/${jobId}/download`, { headers: { authorization: `Bearer ${admin.token ?? ""}` } });
    const text = await res.text();
    expect(text.length).toBeGreaterThan(255 * 1024); // more than one GridFS chunk
    const rows: string[][] = parseCsv(text);
    expect(rows.filter((r) => r[0] === "id")).toHaveLength(1);
    const ids = (await db.collection("purchases").find({}, { projection: { _id: 1 } }).toArray()).map((p) => p._id.toString()).sort();
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(ids);
    const titleOf = new Map(courses.map((c) => [c._id.toString(), c.title as string]));
    const many = rows.filter((r) => r[3]?.startsWith("many-"));
    expect(many).toHaveLength(users.length * courses.length);
    const byEmail = new Map(users.map((u) => [u.email, u.name]));
    for (const r of many) expect(r[2]).toBe(byEmail.get(r[3] ?? ""));
    expect(new Set(many.map((r) => r[4]))).toEqual(new Set(titleOf.values()));
    client.close();
  });

  it("a chunk the store refuses at the end of an export: 500 with the reason, and no half file left behind", async () => {
    const { default: mongoose } = await import("mongoose");
    const db = mongoose.connection.db;
    if (!db) throw new Error("no db");
    const admin = await loginAs(t.url, DEMO.admin);
    const [client] = await seed001Clients(t.url, admin.token);
    const exportOnce = async () => {
      const jobId = newJobId();
      await client.register(jobId);
      expect((await startJob(admin, jobId, "purchases-export")).status).toBe(202);
      return client.result(jobId);
    };
    // How many chunks an export of this store takes (the test before made it more than one).
    const probe = await exportOnce();
    expect(probe.status).toBe(201);
    const chunkSize = 255 * 1024;
    const last = Math.ceil((probe.data?.size ?? 0) / chunkSize) - 1;
    expect(last, "the store's export must span more than one chunk").toBeGreaterThan(0);
    // From now on a chunk numbered `last` is refused (a unique index and one such chunk already there):
    // the export's last chunk fails when the upload ends, after the others were written.
    const files = db.collection("jobFiles.files");
    const chunks = db.collection("jobFiles.chunks");
    const bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: "jobFiles" });
    for (const c of await chunks.find({ n: last }, { projection: { files_id: 1 } }).toArray()) await bucket.delete(new mongoose.Types.ObjectId(String(c.files_id)));
    const blocker = new mongoose.Types.ObjectId();
    await chunks.insertOne({ files_id: blocker, n: last, data: new mongoose.mongo.Binary(Buffer.from("x")) });
    await db.command({ createIndexes: "jobFiles.chunks", indexes: [{ key: { n: 1 }, name: "test_refuse_last_chunk", unique: true, partialFilterExpression: { n: last } }] });
    try {
      const result = await exportOnce();
      expect(result).toMatchObject({ status: 500, data: null });
      expect(result.error).toMatch(/duplicate key/i);
      const fileIds = new Set((await files.find({}, { projection: { _id: 1 } }).toArray()).map((f) => String(f._id)));
      const orphans = (await chunks.find({}, { projection: { files_id: 1, n: 1 } }).toArray())
        .filter((c) => !fileIds.has(String(c.files_id)) && String(c.files_id) !== String(blocker));
      expect(orphans).toEqual([]);
    } finally {
      await chunks.dropIndex("test_refuse_last_chunk");
      await chunks.deleteOne({ files_id: blocker });
      client.close();
    }
  });
});

describe("ownership and refusals", () => {
  it("another user's register, start, status and download are refused and learn nothing", async () => {
    const [admin, learner] = await Promise.all([loginAs(t.url, DEMO.admin), loginAs(t.url, DEMO.learner1)]);
    const [owner, other] = await seed001Clients(t.url, admin.token, learner.token);
    const jobId = newJobId();
    await owner.register(jobId);
    await startJob(admin, jobId, "purchases-export");
    await owner.result(jobId);

    const refused = await other.register(jobId);
    expect(refused).toEqual({ ok: false, error: { code: "FORBIDDEN", message: "this job id is taken; choose another" }, status: "error", message: "this job id is taken; choose another", jobId });
    const start = await startJob(learner, jobId, "certificate", { courseId: "aaaaaaaaaaaaaaaaaaaaaaaa" });
    expect(start.status).toBe(403);
    expect(JSON.stringify(start.body)).not.toMatch(/export|completed|csv/i);
    expect((await learner.get(`/api/jobs/${jobId}`)).status).toBe(404);
    expect((await learner.get(`/api/jobs/${jobId}/download`)).status).toBe(404);
    await settle(other.socket, owner.socket);
    expect(other.results).toEqual([]);
    expect(other.progress).toEqual([]);
    owner.close();
    other.close();
  });

  it("a learner may not export purchases; bad ids, kinds and params are 400 and change nothing", async () => {
    const learner = await loginAs(t.url, DEMO.learner1);
    const jobId = newJobId();
    const res = await startJob(learner, jobId, "purchases-export");
    expect(res.status).toBe(403);
    expect((await startJob(learner, newJobId(), "mine-bitcoin")).status).toBe(400);
    expect((await startJob(learner, newJobId(), "certificate", { courseId: { $gt: "" } })).status).toBe(400);
    expect((await learner.post("/api/jobs", { jobId: "../../etc", kind: "certificate", params: {} })).status).toBe(400);
    const [client] = await seed001Clients(t.url, learner.token);
    expect(await client.register({ $gt: "" } as unknown as string)).toMatchObject({ ok: false, status: "error", error: { code: "BAD_REQUEST" } });
    // The refused export left the id registered (claimed) and not started.
    expect((await learner.get<JobStateDto>(`/api/jobs/${jobId}`)).body).toMatchObject({ state: "registered", kind: null });
    client.close();
  });
});

describe("re-register", () => {
  it("after a disconnect and after completion, registering again pushes the result at once", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const [first] = await seed001Clients(t.url, admin.token);
    const jobId = newJobId();
    await first.register(jobId);
    first.close(); // gone before the job even starts
    expect((await startJob(admin, jobId, "purchases-export")).status).toBe(202);
    await expect.poll(async () => (await admin.get<JobStateDto>(`/api/jobs/${jobId}`)).body.state, { timeout: 20_000 }).toBe("completed");
    const [back] = await seed001Clients(t.url, admin.token);
    const ack = await back.register(jobId);
    expect(ack).toMatchObject({ status: "success", data: { state: "completed" } });
    const result = await back.result(jobId, 3000);
    expect(result).toMatchObject({ job_id: jobId, status: 201 });
    back.close();
  });
});

describe("failures and bounds", () => {
  it("a job that throws ends with 500 and its error; a stuck one times out with 500", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const [client] = await seed001Clients(t.url, admin.token);
    const [a, b] = [newJobId(), newJobId()];
    await client.register(a);
    await client.register(b);
    await startJob(admin, a, "test-throw");
    await startJob(admin, b, "test-stuck");
    expect(await client.result(a)).toMatchObject({ status: 500, data: null, error: "failed while warming up: disk on fire" });
    expect(await client.result(b)).toMatchObject({ status: 500, error: "timed out after 1 s while waiting forever" });
    expect((await admin.get<JobStateDto>(`/api/jobs/${b}`)).body).toMatchObject({ state: "failed" });
    client.close();
  });

  it("20 jobs at once respect the concurrency bound of their kind (2) and all finish", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const [client] = await seed001Clients(t.url, admin.token);
    const ids = Array.from({ length: 20 }, () => newJobId());
    for (const id of ids) await client.register(id);
    const starts = await Promise.all(ids.map((id) => startJob(admin, id, "test-count")));
    expect(starts.every((s) => s.status === 202)).toBe(true);
    const results = await Promise.all(ids.map((id) => client.result(id, 30_000)));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(running.done).toBe(20);
    expect(running.max).toBe(2);
    client.close();
  });

  it("with a second node on the same store, each job runs once (Agenda's lock)", async () => {
    const { JobQueue } = await import("@/server/jobs/queue");
    const countKind = extraDefinitions.find((d) => d.kind === "test-count");
    if (!countKind) throw new Error("no test-count kind");
    const second = new JobQueue([countKind], { processEveryMs: 200 });
    await second.start();
    try {
      const admin = await loginAs(t.url, DEMO.admin);
      const [client] = await seed001Clients(t.url, admin.token);
      const ids = Array.from({ length: 10 }, () => newJobId());
      for (const id of ids) await client.register(id);
      await Promise.all(ids.map((id) => startJob(admin, id, "test-count")));
      const results = await Promise.all(ids.map((id) => client.result(id, 30_000)));
      expect(results.every((r) => r.status === 201)).toBe(true);
      await sleep(500);
      expect(ids.map((id) => running.runsOf.get(id))).toEqual(ids.map(() => 1));
      client.close();
    } finally {
      await second.stop(0);
    }
  });
});
