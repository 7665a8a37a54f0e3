import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startChild, type Child } from "./lib/ipc";
import type { Identity, Protocol } from "./load/conn";
import type { BenchPair } from "./servers/ours";

/** The servers under test. D runs our production build on the embedded store, with real auth; "D over /ws" is the same server driven through its native gateway. */
export type VariantName = "A" | "B" | "D" | "D-nostore" | "D-nometrics" | "D-ws" | "D-redis";

export const VARIANT_LABEL: Record<VariantName, string> = {
  A: "A: bare ws",
  B: "B: bare Socket.IO 4.8",
  D: "D: our server",
  "D-nostore": "D: our server, chat store stubbed",
  "D-nometrics": "D: our server, metrics off",
  "D-ws": "D over /ws: our server, native gateway",
  "D-redis": "D with REDIS_URL: one node, Redis adapter and stores, redis-server on this machine",
};

const here = import.meta.dirname;
/** The Node options `npm start` gives our server (package.json config.serverNodeOptions): D runs as in production. */
const SERVER_NODE_OPTIONS = (JSON.parse(readFileSync(path.join(here, "../../package.json"), "utf8")) as { config: { serverNodeOptions: string } }).config.serverNodeOptions;
export const SERVER_CORE = 0;
/**
 * The cores the servers may use (taskset list): SERVER_CORE, or BENCH_SERVER_CORES for an experiment
 * (say "0,1": the server, its engine and its GC helper thread on both cores, as an unpinned `npm start`
 * runs on this machine). The report's header names what a run used.
 */
export const SERVER_CORES = process.env.BENCH_SERVER_CORES ?? String(SERVER_CORE);
export const LOAD_CORE = 1;
/** A larger young generation: the generator's own GC pauses would otherwise show up as server latency. */
export const GENERATOR_NODE_ARGS = ["--max-semi-space-size=64"];

const secrets = {
  JWT_ACCESS_SECRET: randomBytes(32).toString("hex"),
  JWT_REFRESH_SECRET: randomBytes(32).toString("hex"),
};

export interface RunningVariant {
  name: VariantName;
  server: Child;
  url: string;
  protocol: Protocol;
  /** `n` connections as partners two by two: (0,1), (2,3)... D: learner and instructor of a bought course. */
  people(n: number): Promise<Identity[]>;
  /** Videos the users may watch. */
  videos(k: number): Promise<string[]>;
}

/** Our server (D in either form): it runs on a store in `dataDir`; the bare baselines keep nothing. */
export const isOurs = (name: VariantName): boolean => name === "D" || name === "D-nostore" || name === "D-nometrics" || name === "D-ws" || name === "D-redis";

export async function startVariant(name: VariantName, dataDir: string): Promise<RunningVariant> {
  const ours = isOurs(name);
  const script = ours ? "servers/ours.ts" : name === "A" ? "servers/bare-ws.ts" : "servers/bare-sio.ts";
  const server = await startChild({
    name,
    script: path.join(here, script),
    core: SERVER_CORES,
    // BENCH_EXTRA_NODE_ARGS: an experiment's V8 flags for our server (a GC setting, say), on top of production's.
    nodeArgs: ["--expose-gc", ...(ours ? (process.env.BENCH_EXTRA_NODE_ARGS ?? "").split(" ").filter(Boolean) : [])],
    quiet: ours && process.env.BENCH_SERVER_OUTPUT !== "1", // Next and the engine are chatty on start; BENCH_SERVER_OUTPUT=1 shows them (with --trace-gc, say)
    env: ours
      ? {
        ...secrets, NODE_OPTIONS: SERVER_NODE_OPTIONS, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", BENCH_DATA_DIR: dataDir,
        BENCH_NO_STORE: name === "D-nostore" ? "1" : "0", BENCH_NO_METRICS: name === "D-nometrics" ? "1" : "0", BENCH_TRANSPORT: name === "D-ws" ? "ws" : "socketio",
        ...(name === "D-redis" ? { REDIS_URL: process.env.BENCH_REDIS_URL ?? "" } : {}),
      }
      : { NODE_ENV: "production" },
  });
  const { url } = await server.call<{ url: string }>("info");
  return {
    name,
    server,
    url,
    protocol: name === "A" ? "plain" : name === "D-ws" ? "native" : "socketio",
    async people(n) {
      if (!ours) return Array.from({ length: n }, (_, i) => ({ userId: `u${String(i)}`, partnerId: `u${String(i ^ 1)}` }));
      const pairs = await server.call<BenchPair[]>("preparePairs", { pairs: Math.ceil(n / 2) });
      return pairs.flatMap((p) => [
        { userId: p.learnerId, partnerId: p.instructorId, token: p.learnerToken },
        { userId: p.instructorId, partnerId: p.learnerId, token: p.instructorToken },
      ]).slice(0, n);
    },
    async videos(k) {
      if (!ours) return Array.from({ length: k }, (_, i) => `v${String(i)}`);
      const ids = await server.call<string[]>("previewVideos");
      if (ids.length < k) throw new Error(`only ${String(ids.length)} preview videos`);
      return ids.slice(0, k);
    },
  };
}
