/**
 * npm run bench:db — measures the embedded engine in one run and records the figures in
 * docs/BENCHMARKS.md. Exits non-zero only when a run fails, never because a target is missed.
 * BENCH_SECONDS (default 3) sets the length of each timed run; BENCH_ONLY=a,b,... runs only those
 * parts (a-c: findOne, inserts, lookups; d-f: history pages, $text, TTL), each group writing its section.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MongoClient, ObjectId } from "mongodb";
import mongoose from "mongoose";
import { type EmbeddedMongo, startEmbeddedMongo } from "../src/index";
import { makeRng } from "../tests/support/prng";
import { makeTempDir, removeDir } from "../tests/support/tmp";
import { exchange, opMsg, parseReply } from "../tests/support/wire";
import { startEchoProcess } from "./echo-process";
import { fsyncCostMs, median, opsPerSecond, rssBytes } from "./measure";
import { chatHistory, type Part, textSearch, ttlSweep } from "./plans";
import { machine, PLANS_HEADING, type Row, table, writeSection } from "./report";

const REPO_DIR = fileURLToPath(new URL("../../..", import.meta.url));
const RUN_MS = Number(process.env.BENCH_SECONDS ?? 3) * 1000;
const WARMUP_MS = 1000;
const CALLERS = 8;
const WRITERS = 16;
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
const log = (line: string) => { process.stdout.write(`${line}\n`); };
/** A stalled engine must fail the run, not hang it. */
const CLIENT_OPTS = { socketTimeoutMS: 60_000, serverSelectionTimeoutMS: 15_000 };
const WATCHDOG_MS = 30 * 60_000;
const ONLY = new Set((process.env.BENCH_ONLY ?? "a,b,c,d,e,f").split(",").map((x) => x.trim()));

interface Engine { engine: EmbeddedMongo; dir: string }
const engines: Engine[] = [];
async function engineFor(label: string, opts: { compactEveryOps?: number; ttlMonitorMs?: number } = {}): Promise<EmbeddedMongo> {
  const dir = await makeTempDir(`bench-${label}`);
  const engine = await startEmbeddedMongo({ dbPath: dir, logger: () => undefined, ...opts });
  engines.push({ engine, dir });
  return engine;
}

/** a. findOne by _id through mongoose (lean): engine vs a canned-reply echo server. */
async function findOneVsEcho(): Promise<{ rows: Row[]; notes: string[] }> {
  const engine = await engineFor("findone");
  const seed = new MongoClient(engine.uri, CLIENT_OPTS);
  const ids = Array.from({ length: 1000 }, () => new ObjectId());
  await seed.db("bench").collection("users").insertMany(ids.map((_id, i) => ({
    _id, name: `User ${i}`, email: `user${i}@example.com`, role: i % 10 ? "learner" : "teacher", bio: "b".repeat(200), createdAt: new Date(),
  })));
  await seed.close();
  const find = opMsg({ find: "users", filter: { _id: ids[0] }, limit: 1, singleBatch: true, batchSize: 1, $db: "bench" }, 1);
  const captured = (await exchange(engine.port, [find], { frames: 1, timeoutMs: 5000 })).data;
  const replyBody = captured.subarray(16, captured.readInt32LE(0));
  const hello = parseReply((await exchange(engine.port, [opMsg({ hello: 1, $db: "admin" })], { frames: 1, timeoutMs: 5000 })).data).doc;
  const echo = await startEchoProcess(hello, replyBody);
  const schema = new mongoose.Schema({ name: String, email: String, role: String, bio: String, createdAt: Date },
    { collection: "users", autoIndex: false, autoCreate: false });
  const run = async (uri: string) => {
    const conn = await mongoose.createConnection(uri, { ...CLIENT_OPTS, dbName: "bench", maxPoolSize: CALLERS * 2 }).asPromise();
    try {
      const User = conn.model("User", schema);
      const op = (loop: number, i: number) => User.findOne({ _id: ids[(loop * 7919 + i * 31) % ids.length] }).lean();
      await opsPerSecond(WARMUP_MS, CALLERS, op);
      return await opsPerSecond(RUN_MS, CALLERS, op);
    } finally {
      await conn.close();
    }
  };
  const real: number[] = [];
  const canned: number[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      real.push(await run(engine.uri));
      canned.push(await run(`mongodb://127.0.0.1:${echo.port}/`));
      log(`  findOne run ${i + 1}: engine ${fmt(real[i] ?? 0)} ops/s, echo ${fmt(canned[i] ?? 0)} ops/s`);
    }
  } finally {
    await echo.stop();
  }
  const ratio = median(real) / median(canned);
  return {
    rows: [
      { metric: `findOne by _id, mongoose lean, ${CALLERS} callers: engine`, value: `${fmt(median(real))} ops/s`, target: "", verdict: "" },
      { metric: "same code against the echo server", value: `${fmt(median(canned))} ops/s`, target: "", verdict: "" },
      { metric: "engine / echo", value: `${fmt(ratio, 2)}x`, target: ">= 0.5x", verdict: verdict(ratio >= 0.5) },
    ],
    notes: [
      `findOne runs (ops/s, alternating, median reported): engine ${real.map((x) => fmt(x)).join(" / ")}; echo ${canned.map((x) => fmt(x)).join(" / ")}.`,
      "The benchmark client (mongoose + driver, one process) runs on the same 2 cores as the engine; the echo baseline is bound by that client's CPU.",
      `The echo server (its own process, like the engine) answers each find with the engine's own reply bytes (${replyBody.length + 16} bytes per reply), captured once.`,
    ],
  };
}

/** b. Durable acknowledged inserts from 16 concurrent writers, and the cost of one fsync. */
async function durableInserts(): Promise<{ rows: Row[]; notes: string[] }> {
  const engine = await engineFor("inserts");
  const client = new MongoClient(engine.uri, { ...CLIENT_OPTS, maxPoolSize: WRITERS });
  let perSecond: number;
  try {
    const coll = client.db("bench").collection("events");
    const op = (loop: number, i: number) => coll.insertOne({ loop, i, at: new Date(), payload: "p".repeat(100) });
    await opsPerSecond(WARMUP_MS, WRITERS, op);
    perSecond = await opsPerSecond(RUN_MS * 2, WRITERS, op);
    log(`  durable inserts: ${fmt(perSecond)} /s`);
  } finally {
    await client.close();
  }
  const fsyncDir = await makeTempDir("bench-fsync");
  let fsyncMs: number;
  try {
    fsyncMs = fsyncCostMs(fsyncDir);
    log(`  fdatasync median: ${fmt(fsyncMs, 3)} ms`);
  } finally {
    await removeDir(fsyncDir);
  }
  return {
    rows: [
      { metric: `durable inserts, ${WRITERS} concurrent writers`, value: `${fmt(perSecond)} /s`, target: ">= 3,000/s", verdict: verdict(perSecond >= 3000) },
      { metric: "one fdatasync (128 B append), median of 200", value: `${fmt(fsyncMs, 3)} ms`, target: "", verdict: "" },
    ],
    notes: [
      `One fsync per insert would cap a single writer near ${fmt(1000 / fsyncMs)} inserts/s on this disk; ${
        1000 / fsyncMs > perSecond ? "the measured rate is below that, so the run was bound by CPU (engine and client share 2 cores), not by fsync" : "group commit is what lifts the rate above that"}.`,
    ],
  };
}

/**
 * c. findOne on a unique indexed field in collections of 1k, 10k and 100k documents (one engine,
 * sizes measured alternately three times, medians), and engine RSS per 10k documents.
 */
async function indexedLookups(): Promise<{ rows: Row[]; notes: string[] }> {
  const engine = await engineFor("lookup");
  const client = new MongoClient(engine.uri, { ...CLIENT_OPTS, maxPoolSize: CALLERS * 2 });
  const sizes = [1_000, 10_000, 100_000];
  const rates = new Map<number, number[]>(sizes.map((n) => [n, []]));
  let rssFirst = 0;
  let rssAll = 0;
  try {
    const db = client.db("bench");
    for (const size of sizes) {
      const coll = db.collection(`people${size}`);
      await coll.createIndex({ email: 1 }, { unique: true }, undefined);
      for (let count = 0; count < size; count += 1000) {
        await coll.insertMany(Array.from({ length: 1000 }, (_, j) => ({ email: `u${count + j}@example.com`, name: `User ${count + j}`, n: count + j })));
      }
      await new Promise((r) => setTimeout(r, 500));
      if (size === sizes[0]) rssFirst = await rssBytes(engine.pid);
    }
    rssAll = await rssBytes(engine.pid);
    for (let round = 0; round < 3; round++) {
      for (const size of sizes) {
        const coll = db.collection(`people${size}`);
        const rng = makeRng(size + round);
        const op = async () => {
          const n = Math.floor(rng() * size);
          const doc = await coll.findOne({ email: `u${n}@example.com` });
          if (doc?.n !== n) throw new Error(`lookup of u${n} returned ${JSON.stringify(doc)}`);
        };
        if (round === 0) await opsPerSecond(WARMUP_MS, CALLERS, op);
        const rate = await opsPerSecond(RUN_MS, CALLERS, op);
        rates.get(size)?.push(rate);
        log(`  indexed findOne @${fmt(size)} (round ${round + 1}): ${fmt(rate)} ops/s`);
      }
    }
  } finally {
    await client.close();
  }
  const med = (size: number) => median(rates.get(size) ?? []);
  const flat = med(100_000) / med(1_000);
  const perTenK = (rssAll - rssFirst) / 110_000 * 10_000;
  return {
    rows: [
      ...sizes.map((size) => ({ metric: `indexed findOne (unique field) @ ${fmt(size)} docs`, value: `${fmt(med(size))} ops/s`, target: "", verdict: "" })),
      { metric: "ratio 100k / 1k", value: `${fmt(flat, 2)}x`, target: "~flat (>= 0.7x)", verdict: verdict(flat >= 0.7) },
      { metric: "engine RSS per 10k small documents", value: `${fmt(perTenK / 2 ** 20, 1)} MiB`, target: "", verdict: "" },
    ],
    notes: [
      `Indexed findOne runs (ops/s): ${sizes.map((n) => `${fmt(n)}: ${(rates.get(n) ?? []).map((x) => fmt(x)).join(" / ")}`).join("; ")}.`,
      `RSS per 10k documents = (engine RSS with all three collections, ${fmt(rssAll / 2 ** 20, 1)} MiB, minus RSS after the 1k one, ${fmt(rssFirst / 2 ** 20, 1)} MiB) / 11; ~70-byte documents with a unique index, GC garbage included.`,
    ],
  };
}

async function main(): Promise<void> {
  const header = machine(REPO_DIR);
  log(header.join("\n"));
  const parts: Part[] = [];
  const plans: Part[] = [];
  const env = { engineFor, runMs: RUN_MS, log, clientOpts: CLIENT_OPTS };
  const steps: [string, string, () => Promise<Part>, Part[]][] = [
    ["a", "a. findOne by _id vs echo server", findOneVsEcho, parts],
    ["b", "b. durable inserts", durableInserts, parts],
    ["c", "c. indexed lookups", indexedLookups, parts],
    ["d", "d. chat-history page at 1k / 100k / 1M messages", () => chatHistory(env), plans],
    ["e", "e. $text over 10,000 courses", () => textSearch(env), plans],
    ["f", "f. TTL sweep of 100,000 documents under load", () => ttlSweep(env), plans],
  ];
  try {
    for (const [key, title, run, into] of steps) {
      if (!ONLY.has(key)) continue;
      log(title);
      into.push(await run());
      // Each part's engine is stopped once it is done: the next one gets the machine to itself.
      const done = engines.pop();
      if (done) {
        await done.engine.stop();
        await removeDir(done.dir);
      }
    }
  } finally {
    for (const { engine, dir } of engines) {
      await engine.stop();
      await removeDir(dir);
    }
  }
  const file = path.join(REPO_DIR, "docs", "BENCHMARKS.md");
  const intro = (what: string) => [
    `One run of \`npm run bench:db\` (\`packages/embedded-mongo/bench/run.ts\`), ${what}: each part starts its own engine`,
    `child process on a fresh temporary dbPath; timed runs last ${RUN_MS / 1000} s (inserts ${RUN_MS / 500} s) after a 1 s warm-up.`,
    "Targets are goals, not gates: the script never fails because one is missed.",
    "",
    ...header,
    "",
  ];
  if (parts.length > 0) {
    const lines = table(parts.flatMap((p) => p.rows));
    log(`\n${lines.join("\n")}`);
    writeSection(file, [...intro("parts a-c"), ...lines, "", ...parts.flatMap((p) => p.notes).map((n) => `- ${n}`)]);
  }
  if (plans.length > 0) {
    const lines = table(plans.flatMap((p) => p.rows));
    log(`\n${lines.join("\n")}`);
    writeSection(file, [...intro("parts d-f"), ...lines, "", ...plans.flatMap((p) => p.notes).map((n) => `- ${n}`)], PLANS_HEADING);
  }
  log(`\nwrote ${path.join("docs", "BENCHMARKS.md")}`);
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench:db failed: no result after ${WATCHDOG_MS / 60_000} min\n`);
  process.exit(1);
}, WATCHDOG_MS);
main().then(
  () => { clearTimeout(watchdog); },
  (err: unknown) => {
    clearTimeout(watchdog);
    process.stderr.write(`bench:db failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
