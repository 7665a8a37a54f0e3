import { execFileSync, execSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startChild, type Child } from "./lib/ipc";
import { busyFraction, describeMachine } from "./lib/machine";
import { writeReport } from "./report/markdown";
import { broadcast } from "./scenarios/broadcast";
import { chat } from "./scenarios/chat";
import { idle } from "./scenarios/idle";
import { mix } from "./scenarios/mix";
import { GENERATOR_NODE_ARGS, isOurs, LOAD_CORE, SERVER_CORE, SERVER_CORES, startVariant, type VariantName } from "./variants";
import type { BenchResults, Run } from "./report/results";
import { connectRedis } from "../../server/cluster/redis";
import { startRedis, type TestRedis } from "../../tests/integration/support/redis";

/**
 * `npm run bench`: the realtime benchmark (docs/BENCHMARKS.md explains it). Starts the variants one
 * after another, drives each with the same load generator, repeats, and writes the report. Exits
 * non-zero when a run failed, never because a target was missed.
 */

const root = path.resolve(import.meta.dirname, "../..");
const { values: args } = parseArgs({
  options: {
    repeats: { type: "string", default: "3" },
    only: { type: "string", default: "idle,broadcast,chat,mix" },
    /** While working on one variant: run only these (the report then lacks the others' ratios). */
    variants: { type: "string", default: "A,B,D,D-nostore,D-nometrics,D-ws,D-redis" },
    "mix-seconds": { type: "string", default: "20" },
    /** Mix levels (users), climbed in order until one fails. */
    "mix-levels": { type: "string", default: "2500,5000,7500,10000" },
    "busy-limit": { type: "string", default: "0.25" },
    out: { type: "string", default: path.join(root, "docs/BENCHMARKS.md") },
    "no-report": { type: "boolean", default: false },
    /** Only rewrite the report from the raw results of an earlier run. */
    "from-json": { type: "string" },
  },
});
const repeats = Math.max(1, Number(args.repeats));
const scenarios = new Set(args.only.split(","));
const chosen = new Set(args.variants.split(","));
const only = (vs: VariantName[]): VariantName[] => vs.filter((v) => chosen.has(v));
const busyLimit = Number(args["busy-limit"]);
const IDLE_SIZES = [1000, 5000];
const BROADCAST_CLIENTS = 1000;
const CHAT_PAIRS = 2000;
const MIX_LEVELS = args["mix-levels"].split(",").map(Number);

function log(msg: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

async function waitForIdleMachine(): Promise<number> {
  let busy = 1;
  for (let attempt = 0; attempt < 10; attempt++) {
    busy = await busyFraction(3000);
    if (busy <= busyLimit) return busy;
    log(`the machine is busy (${(busy * 100).toFixed(0)}% of all cores); waiting`);
  }
  return busy;
}

function ensureBuild(): void {
  if (existsSync(path.join(root, ".next/BUILD_ID"))) return;
  log("no production build: running npm run build");
  execSync("npm run build", { cwd: root, stdio: "inherit" });
}

const rotate = <T,>(xs: T[], k: number): T[] => xs.map((_, i) => xs[(i + k) % xs.length] as T);

async function main(): Promise<number> {
  if (args["from-json"]) {
    writeReport(JSON.parse(readFileSync(args["from-json"], "utf8")) as BenchResults, args.out);
    log(`report written to ${args.out}`);
    return 0;
  }
  const busyBefore = await waitForIdleMachine();
  if (busyBefore > busyLimit) {
    console.error(`refusing to benchmark: the machine stayed busy (${(busyBefore * 100).toFixed(0)}% of all cores used by other work over 3 s, limit ${(busyLimit * 100).toFixed(0)}%)`);
    return 3;
  }
  ensureBuild();
  const dataDir = mkdtempSync(path.join(tmpdir(), "ll-bench-"));
  // Every D run starts from a copy of the store as prepared (same documents, same size), so runs
  // compare: a run's own writes do not pile up into the next ones.
  const preparedDir = mkdtempSync(path.join(tmpdir(), "ll-bench-prepared-"));
  const gen: Child = await startChild({ name: "load", script: path.join(import.meta.dirname, "load/generator.ts"), core: LOAD_CORE, nodeArgs: GENERATOR_NODE_ARGS });
  const results: BenchResults = {
    date: new Date().toISOString(),
    commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root }).toString().trim(),
    dirty: execFileSync("git", ["status", "--porcelain"], { cwd: root }).toString().trim() !== "",
    machine: describeMachine(),
    node: process.version,
    busyBefore,
    pinned: existsSync("/usr/bin/taskset"),
    ...(SERVER_CORES === String(SERVER_CORE) ? {} : { serverCores: SERVER_CORES }),
    repeats,
    runs: [],
  };
  let failed = 0;
  // D with REDIS_URL: one redis-server for the whole run (on this machine, not pinned), emptied before each run.
  let redis: TestRedis | null = null;
  if (chosen.has("D-redis")) {
    redis = await startRedis();
    if (!redis) throw new Error("variant D-redis needs redis-server (apt-get install redis-server), or leave it out with --variants");
    process.env.BENCH_REDIS_URL = redis.url;
  }
  const flushRedis = async () => {
    if (!redis) return;
    const client = await connectRedis(redis.url, "bench");
    await client.flushAll();
    await client.close();
  };
  const jsonPath = path.join(tmpdir(), `realtime-bench-${results.date.replace(/[:.]/g, "-")}.json`);

  const runOnce = async <R,>(scenario: Run["scenario"], variant: VariantName, rep: number, level: number, body: (v: Awaited<ReturnType<typeof startVariant>>) => Promise<R>): Promise<R | null> => {
    const busy = await busyFraction(1000);
    const t0 = Date.now();
    let v: Awaited<ReturnType<typeof startVariant>> | null = null;
    try {
      if (isOurs(variant)) {
        rmSync(dataDir, { recursive: true, force: true });
        cpSync(preparedDir, dataDir, { recursive: true });
      }
      if (variant === "D-redis") await flushRedis();
      v = await startVariant(variant, dataDir);
      const speed = { server: await v.server.call<number>("speed"), load: await gen.call<number>("speed") };
      const result = await body(v);
      results.runs.push({ scenario, variant, rep, level, busy, speed, ok: true, result });
      log(`${scenario} ${variant} #${String(rep)} level ${String(level)}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return result;
    } catch (e) {
      failed++;
      const error = e instanceof Error ? e.message : String(e);
      results.runs.push({ scenario, variant, rep, level, busy, ok: false, error });
      log(`${scenario} ${variant} #${String(rep)} level ${String(level)}: FAILED ${error}`);
      await gen.call("closeAll").catch(() => undefined);
      return null;
    } finally {
      await v?.server.stop();
      writeFileSync(jsonPath, JSON.stringify(results, null, 2)); // partial results survive a crash
    }
  };

  try {
    // Variant D's accounts, courses and purchases, created once on the store every D run starts from a copy of.
    const prep = await startVariant("D", preparedDir);
    await prep.people(Math.max(...MIX_LEVELS, CHAT_PAIRS * 2, ...IDLE_SIZES));
    await prep.server.stop();
    log("variant D's users prepared");

    const abd: VariantName[] = ["A", "B", "D", "D-redis"];
    // The native gateway ("D over /ws") is measured where its targets are: idle memory and broadcast.
    const withGateway: VariantName[] = [...abd, "D-ws"];
    for (let rep = 1; rep <= repeats; rep++) {
      if (scenarios.has("idle")) {
        for (const n of IDLE_SIZES) for (const v of rotate(only(withGateway), rep)) await runOnce("idle", v, rep, n, (s) => idle(s, gen, n));
      }
      if (scenarios.has("broadcast")) {
        for (const v of rotate(only([...withGateway, "D-nometrics"]), rep)) await runOnce("broadcast", v, rep, BROADCAST_CLIENTS, (s) => broadcast(s, gen, BROADCAST_CLIENTS, 25));
      }
      if (scenarios.has("chat")) {
        for (const v of rotate(only(["A", "B", "D-nostore", "D", "D-nometrics"]), rep)) await runOnce("chat", v, rep, CHAT_PAIRS, (s) => chat(s, gen, CHAT_PAIRS, 500));
      }
      if (scenarios.has("mix")) {
        for (const v of rotate(only(abd), rep)) {
          for (const users of MIX_LEVELS) {
            const r = await runOnce("mix", v, rep, users, (s) => mix(s, gen, users, Number(args["mix-seconds"]) * 1000));
            if (!r?.pass) break;
          }
        }
      }
    }
  } finally {
    await gen.stop();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(preparedDir, { recursive: true, force: true });
  }

  writeFileSync(jsonPath, JSON.stringify(results, null, 2));
  log(`raw results: ${jsonPath}`);
  if (!args["no-report"]) {
    writeReport(results, args.out);
    log(`report written to ${args.out}`);
  }
  if (failed) console.error(`${String(failed)} run(s) failed`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
