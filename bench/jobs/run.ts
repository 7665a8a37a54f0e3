/**
 * `npm run bench:jobs` (SPEC F13): the purchases export of N rows (default 100,000) on the embedded
 * store, rows per second and the server process's peak RSS growth; then certificate latency (register,
 * POST, jobResult) p50/p99 over 50 jobs. The API and sockets only (no Next pages). A benchmark, not a
 * test: figures go to docs/BENCHMARKS.md with the machine's load noted.
 */
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import mongoose from "mongoose";
import { io, type Socket } from "socket.io-client";
import type { JobResultPayload } from "@/contracts/jobs";
import { signAccessToken } from "@/server/auth/tokens";
import { runtime } from "@/server/runtime";
import { startServer } from "../../server";
import { describeGrowth, startMemorySampler } from "./memory";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const CERTS = Number(process.env.BENCH_CERTS ?? 50);
const CONTROL = process.env.BENCH_CONTROL === "1";
const CONTROL_REQUESTS = Number(process.env.BENCH_CONTROL_REQUESTS ?? 5000);
process.env.JWT_ACCESS_SECRET ??= randomBytes(32).toString("hex");
process.env.JWT_REFRESH_SECRET ??= randomBytes(32).toString("hex");

const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "ll-bench-jobs-"));
  const server = await startServer({ port: 0, dev: false, dataDir, mongodbUri: "", limits: { registrationsPerIp: 0 }, pages: false });
  try {
    const db = mongoose.connection.db;
    if (!db) throw new Error("no db");
    const courses = await db.collection("courses").find({}, { projection: { _id: 1, priceCents: 1, lessons: 1 } }).toArray();
    const admin = await db.collection("users").findOne({ role: "admin" });
    if (!admin || courses.length === 0) throw new Error("no seed");
    const secret = runtime.getConfig()?.accessSecret ?? "";
    const tokenOf = (u: { _id: mongoose.Types.ObjectId; name: string; role: string }) =>
      signAccessToken({ id: u._id.toString(), name: u.name, role: u.role as "admin" }, secret, 3600);

    // ---- data: ROWS purchases by ROWS / courses learners, written by a child process (seed-purchases.ts) ----
    const t0 = Date.now();
    const total = await seedPurchases(ROWS);
    console.log(`[bench:jobs] data: ${total} purchases in ${((Date.now() - t0) / 1000).toFixed(1)} s (by a child process)`);

    // ---- control (BENCH_CONTROL=1): the same server answering catalog requests, no export ----
    // Shows what any burst of work costs the process's RSS (V8 paging in its young generation), so that the
    // export's own growth can be told from it: the export then runs on a process whose young generation is in use.
    const adminSocket = await connect(server.url, tokenOf(admin as never));
    if (CONTROL) {
      global.gc?.();
      const control = startMemorySampler();
      const t = Date.now();
      await requestBurst(`${server.url}/api/courses`, CONTROL_REQUESTS);
      console.log(`[bench:jobs] control: ${CONTROL_REQUESTS} GET /api/courses in ${((Date.now() - t) / 1000).toFixed(2)} s; ` +
        describeGrowth(control.baseline, control.stop()));
    }

    // ---- export ----
    global.gc?.();
    const before = process.memoryUsage();
    const memory = startMemorySampler();
    const started = Date.now();
    const exportResult = await runJob(server.url, adminSocket, tokenOf(admin as never), "purchases-export", {});
    const seconds = (Date.now() - started) / 1000;
    const peak = memory.stop();
    if (exportResult.status !== 201) throw new Error(`export failed: ${exportResult.error ?? ""}`);
    console.log(`[bench:jobs] export: ${total} rows in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} rows/s; ` +
      `file ${mib(exportResult.data?.size ?? 0)} MiB; ${describeGrowth(memory.baseline, peak)}`);
    // Garbage or kept? After a full collection, what the export left on the heap.
    global.gc?.();
    console.log(`[bench:jobs] export: V8 heap used after a full GC: ${mib(process.memoryUsage().heapUsed - before.heapUsed)} MiB more than before the export`);
    const rec = await db.collection("jobrecords").findOne({ kind: "purchases-export" });
    if (rec?.startedAt && rec.finishedAt) console.log(`[bench:jobs] export: the run itself took ${(rec.finishedAt as Date).getTime() - (rec.startedAt as Date).getTime()} ms`);
    adminSocket.close();

    // ---- certificates: CERTS learners who completed a course ----
    if (CERTS === 0) return;
    const course = courses[0];
    if (!course) throw new Error("no course");
    const lessons = (course.lessons as { _id: mongoose.Types.ObjectId }[]);
    const certLearners = await db.collection("users").find({ role: "learner", email: /^bench-/ }).limit(CERTS).toArray();
    await db.collection("lessonprogresses").insertMany(certLearners.flatMap((u) => lessons.map((l) => ({
      learner: u._id, course: course._id, lesson: l._id, position: 30, completed: true, completedAt: new Date(), createdAt: new Date(), updatedAt: new Date(),
    }))));
    const latencies: number[] = [];
    const startedAll = Date.now();
    await Promise.all(certLearners.map(async (u) => {
      const token = tokenOf(u as never);
      const socket = await connect(server.url, token);
      const t = Date.now();
      const r = await runJob(server.url, socket, token, "certificate", { courseId: course._id.toString() });
      latencies.push(Date.now() - t);
      socket.close();
      if (r.status !== 201) throw new Error(`certificate failed: ${r.error ?? ""}`);
    }));
    console.log(`[bench:jobs] certificates: ${latencies.length} jobs at once (concurrency 4) in ${((Date.now() - startedAll) / 1000).toFixed(1)} s; ` +
      `latency register->jobResult p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms`);
    const runs = (await db.collection("jobrecords").find({ kind: "certificate" }).toArray())
      .map((r) => (r.finishedAt as Date).getTime() - (r.startedAt as Date).getTime());
    console.log(`[bench:jobs] certificates: the run itself (started->finished, queue wait excluded) p50 ${pct(runs, 50)} ms, p99 ${pct(runs, 99)} ms`);
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Runs seed-purchases.ts in a child process on the server's own store (its address and credentials). */
async function seedPurchases(rows: number): Promise<number> {
  const { hosts, credentials, dbName } = mongoose.connection.getClient().options;
  const host = hosts[0];
  if (!host || !credentials) throw new Error("no store address or credentials");
  const uri = host.socketPath ? `mongodb://${encodeURIComponent(host.socketPath)}/` : `mongodb://${host.toString()}/`;
  const input = { uri, dbName, auth: { username: credentials.username, password: credentials.password, authSource: credentials.source }, rows };
  const child = fork(fileURLToPath(new URL("./seed-purchases.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_SEED: JSON.stringify(input) },
  });
  let total = NaN;
  child.on("message", (m: { total: number }) => {
    total = m.total;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`seeding failed (exit code ${String(code)})`);
  return total;
}

/** `count` GETs of `url`, 16 at a time. */
async function requestBurst(url: string, count: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next++ < count) {
      const res = await fetch(url);
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
      await res.arrayBuffer();
    }
  }));
}

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, auth: { token } });
  return new Promise((resolve, reject) => {
    socket.once("connection_ack", () => {
      resolve(socket);
    });
    socket.once("connect_error", reject);
  });
}

/** Seed 001's flow: register (ack), POST /api/jobs, wait for jobResult. */
async function runJob(url: string, socket: Socket, token: string, kind: string, params: object): Promise<JobResultPayload> {
  const jobId = `bench_${randomBytes(6).toString("hex")}`;
  const result = new Promise<JobResultPayload>((resolve) => {
    socket.on("jobResult", (r: JobResultPayload) => {
      if (r.job_id === jobId) resolve(r);
    });
  });
  await socket.timeout(30_000).emitWithAck("register", jobId);
  const res = await fetch(`${url}/api/jobs`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ jobId, kind, params }) });
  if (res.status !== 202) throw new Error(`POST /api/jobs: ${res.status} ${await res.text()}`);
  return result;
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
