/**
 * bench:db parts d-f (issue 17): the chat-history page on a compound index at 1k / 100k / 1M
 * messages, `$text` over 10,000 courses, and a TTL sweep of 100,000 expired documents under a
 * concurrent findOne load.
 */
import { type Db, type Document, MongoClient, ObjectId } from "mongodb";
import { type EmbeddedMongo } from "../src/index";
import { makeRng } from "../tests/support/prng";
import { latenciesUntil, median, opsPerSecond, percentile } from "./measure";
import { type Row } from "./report";

export interface Part { rows: Row[]; notes: string[] }
export type EngineFor = (label: string, opts?: { compactEveryOps?: number; ttlMonitorMs?: number }) => Promise<EmbeddedMongo>;
export interface BenchEnv { engineFor: EngineFor; runMs: number; log: (line: string) => void; clientOpts: Document }

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
const CALLERS = 8;

/** d. The chat-history page: `{ conversation, _id: { $lt: cursor } }` sorted `{ _id: -1 }`, limit 30. */
export async function chatHistory(env: BenchEnv): Promise<Part> {
  // No compaction while the million messages go in: it would only add noise to the timings.
  const engine = await env.engineFor("history", { compactEveryOps: 50_000_000 });
  const client = new MongoClient(engine.uri, { ...env.clientOpts, maxPoolSize: CALLERS * 2 });
  const sizes = [1_000, 100_000, 1_000_000];
  const rates = new Map<number, number[]>(sizes.map((n) => [n, []]));
  const examined = new Map<number, number>();
  try {
    const coll = client.db("bench").collection("messages");
    await coll.createIndex({ conversation: 1, _id: -1 }, {}, undefined);
    const conversation = new ObjectId();
    const other = new ObjectId();
    const ids: ObjectId[] = [];
    let base = Math.floor(Date.now() / 1000) - 2_000_000;
    for (const size of sizes) {
      const started = performance.now();
      while (ids.length < size) {
        const batch: Document[] = [];
        for (let j = 0; j < 1000 && ids.length < size; j++) {
          const _id = ObjectId.createFromTime(base++);
          ids.push(_id);
          batch.push({ _id, conversation, sender: other, text: `message ${ids.length}`, createdAt: new Date() });
          // Another conversation's messages interleave, as in a real store.
          if (j % 10 === 0) batch.push({ conversation: other, sender: conversation, text: "elsewhere", createdAt: new Date() });
        }
        await coll.insertMany(batch, { ordered: false });
      }
      env.log(`  history: ${fmt(size)} messages in the conversation (filled in ${fmt((performance.now() - started) / 1000, 1)} s)`);
      const rng = makeRng(size);
      const page = async () => {
        const cursor = ids[30 + Math.floor(rng() * (ids.length - 30))];
        const docs = await coll.find({ conversation, _id: { $lt: cursor } }).sort({ _id: -1 }).limit(30).toArray();
        if (docs.length !== 30) throw new Error(`history page returned ${docs.length} messages`);
      };
      await opsPerSecond(1000, CALLERS, page);
      for (let round = 0; round < 3; round++) {
        const rate = await opsPerSecond(env.runMs, CALLERS, page);
        rates.get(size)?.push(rate);
        env.log(`  history page @${fmt(size)} (round ${round + 1}): ${fmt(rate)} pages/s`);
      }
      const e = (await coll.find({ conversation, _id: { $lt: ids[Math.floor(size / 2)] } }).sort({ _id: -1 }).limit(30).explain("executionStats"));
      examined.set(size, Number((e.executionStats as Document).totalDocsExamined));
    }
  } finally {
    await client.close();
  }
  const med = (n: number) => median(rates.get(n) ?? []);
  const ratio = med(1_000) / med(1_000_000);
  return {
    rows: [
      ...sizes.map((n) => ({ metric: `chat-history page (30, compound index) @ ${fmt(n)} messages`, value: `${fmt(med(n))} pages/s`, target: "", verdict: "" })),
      { metric: "history page cost 1M / 1k", value: `${fmt(ratio, 2)}x`, target: "<= 1.5x", verdict: verdict(ratio <= 1.5) },
    ],
    notes: [
      `History page runs (pages/s, ${CALLERS} callers, 3 rounds per size, median reported): ${sizes.map((n) => `${fmt(n)}: ${(rates.get(n) ?? []).map((x) => fmt(x)).join(" / ")}`).join("; ")}.`,
      `explain: documents examined per page ${sizes.map((n) => `${fmt(n)}: ${String(examined.get(n))}`).join(", ")} (index { conversation: 1, _id: -1 }, a random cursor, one in eleven documents belongs to another conversation).`,
    ],
  };
}

const WORDS = (
  "design build deploy scale test debug refactor model query index cache stream render animate secure encrypt sign verify " +
  "route serve compile bundle lint type infer narrow generic union react vue svelte angular node deno bun python rust go " +
  "kotlin swift java scala haskell elixir erlang clojure sql mongo redis kafka docker kubernetes terraform linux network " +
  "socket realtime chat video audio image photo drawing painting music guitar piano cooking baking garden pottery writing " +
  "poetry history physics chemistry biology algebra geometry calculus statistics finance marketing sales leadership " +
  "negotiation speaking language spanish french german japanese chinese arabic yoga running cycling swimming climbing"
).split(" ");

/** e. `$text` search over 10,000 courses: the catalog's query (score projection and sort, limit 50), one caller, p99. */
export async function textSearch(env: BenchEnv): Promise<Part> {
  const engine = await env.engineFor("text");
  const client = new MongoClient(engine.uri, env.clientOpts);
  let samples: number[] = [];
  let hitsMedian = 0;
  try {
    const coll = client.db("bench").collection("courses");
    await coll.createIndex({ title: "text", summary: "text", description: "text", "lessons.title": "text" },
      { name: "course_search", weights: { title: 10, "lessons.title": 4, summary: 2, description: 1 } }, undefined);
    const rng = makeRng(17);
    const word = () => WORDS[Math.floor(rng() * WORDS.length)] ?? "design";
    const words = (n: number) => Array.from({ length: n }, word).join(" ");
    for (let i = 0; i < 10_000; i += 500) {
      await coll.insertMany(Array.from({ length: 500 }, (_, j) => ({
        title: `${words(3)} ${i + j}`, summary: `Learn ${words(6)}.`, description: `In this course you will ${words(40)}.`,
        lessons: Array.from({ length: 6 }, () => ({ title: words(3), description: words(10) })), priceCents: 4900,
      })));
    }
    const queries = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? words(2) : word()));
    const hits: number[] = [];
    const search = async (_loop: number, i: number) => {
      const docs = await coll.find({ $text: { $search: queries[i % queries.length] ?? "design" } }, { projection: { score: { $meta: "textScore" }, title: 1 } })
        .sort({ score: { $meta: "textScore" } }).limit(50).toArray();
      if (hits.length < queries.length) hits.push(docs.length);
    };
    await opsPerSecond(1000, 1, search);
    let stop = false;
    const timer = setTimeout(() => { stop = true; }, env.runMs * 2);
    samples = await latenciesUntil(() => stop, 1, search);
    clearTimeout(timer);
    hitsMedian = median(hits);
    env.log(`  $text: ${fmt(samples.length)} searches, p50 ${fmt(percentile(samples, 50), 2)} ms, p99 ${fmt(percentile(samples, 99), 2)} ms`);
  } finally {
    await client.close();
  }
  const p99 = percentile(samples, 99);
  return {
    rows: [
      { metric: "$text search over 10,000 courses, p50", value: `${fmt(percentile(samples, 50), 2)} ms`, target: "", verdict: "" },
      { metric: "$text search over 10,000 courses, p99", value: `${fmt(p99, 2)} ms`, target: "< 20 ms", verdict: verdict(p99 < 20) },
    ],
    notes: [
      `$text: ${fmt(samples.length)} searches from one caller (one or two words from a ${WORDS.length}-word vocabulary, score projection and sort, limit 50; a median search matched ${fmt(hitsMedian)} of 50 shown); latency as the client sees it, round trip included.`,
    ],
  };
}

/** f. A TTL sweep of 100,000 expired documents while 4 callers run findOne by _id on another collection. */
export async function ttlSweep(env: BenchEnv): Promise<Part> {
  const engine = await env.engineFor("ttl", { compactEveryOps: 50_000_000 });
  const client = new MongoClient(engine.uri, { ...env.clientOpts, maxPoolSize: 8 });
  let during: number[] = [];
  let before: number[] = [];
  let sweepMs = 0;
  try {
    const db: Db = client.db("bench");
    const admin = client.db("admin");
    await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 3600 });
    const users = db.collection("users");
    const ids = Array.from({ length: 1000 }, () => new ObjectId());
    await users.insertMany(ids.map((_id, i) => ({ _id, name: `User ${i}`, email: `u${i}@example.com` })));
    const sessions = db.collection("sessions");
    await sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 }, undefined);
    const past = new Date(Date.now() - 60_000);
    for (let i = 0; i < 100_000; i += 1000) {
      await sessions.insertMany(Array.from({ length: 1000 }, (_, j) => ({ user: ids[j % 1000], token: `t${i + j}`, expiresAt: past })));
    }
    const rng = makeRng(99);
    const findOne = async () => {
      const _id = ids[Math.floor(rng() * ids.length)];
      if (!(await users.findOne({ _id }))) throw new Error("user missing");
    };
    let stop = false;
    let timer = setTimeout(() => { stop = true; }, env.runMs);
    before = await latenciesUntil(() => stop, 4, findOne);
    clearTimeout(timer);
    const ttlDeleted = async () => Number(((await admin.command({ serverStatus: 1 })).metrics as { ttl: { deletedDocuments: unknown } }).ttl.deletedDocuments);
    const deletedBefore = await ttlDeleted();
    stop = false;
    const load = latenciesUntil(() => stop, 4, findOne);
    const started = performance.now();
    await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 1 });
    for (;;) {
      if ((await ttlDeleted()) - deletedBefore >= 100_000) break;
      await new Promise((r) => setTimeout(r, 20));
      if (performance.now() - started > 120_000) throw new Error("TTL sweep did not finish within 2 minutes");
    }
    sweepMs = performance.now() - started;
    timer = setTimeout(() => { stop = true; }, 0);
    during = await load;
    clearTimeout(timer);
    if ((await sessions.countDocuments({})) !== 0) throw new Error("expired sessions left after the sweep");
    env.log(`  TTL: 100,000 deleted in ${fmt(sweepMs)} ms (incl. up to 1 s until the monitor woke); findOne p99 ${fmt(percentile(during, 99), 2)} ms during, ${fmt(percentile(before, 99), 2)} ms before`);
  } finally {
    await client.close();
  }
  const p99 = percentile(during, 99);
  return {
    rows: [
      { metric: "TTL sweep of 100,000 expired documents", value: `${fmt(sweepMs / 1000, 1)} s`, target: "", verdict: "" },
      { metric: "concurrent findOne p99 during the sweep", value: `${fmt(p99, 2)} ms`, target: "< 20 ms", verdict: verdict(p99 < 20) },
      { metric: "same findOne p99 without a sweep", value: `${fmt(percentile(before, 99), 2)} ms`, target: "", verdict: "" },
    ],
    notes: [
      `TTL: the monitor was woken with setParameter ttlMonitorSleepSecs 1, so the sweep time includes up to 1 s of waiting; ${fmt(during.length)} findOne calls (4 callers) ran during it, max ${fmt(Math.max(...during), 1)} ms.`,
    ],
  };
}
