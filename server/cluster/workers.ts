import cluster, { type Worker } from "node:cluster";
import type { SharedDb } from "../db/connect";

/** How long the primary waits for its workers to drain on SIGTERM before killing them. */
const DRAIN_MS = 15_000;
/** A worker that dies is replaced after this long (doubling while replacements die young, at most 30 s). */
const RESPAWN_MS = 500;

interface DbRequest { type: "learnlive:need-db" }
interface DbReply { type: "learnlive:db"; shared: SharedDb | null }

/**
 * `WORKERS=N npm start` (SPEC F11): this process becomes a node:cluster primary that forks N workers
 * sharing the port (each a full server: Next, Socket.IO, its own Redis connection) and replaces a worker
 * that dies. Without MONGODB_URI the primary starts the embedded engine once and hands each worker its
 * URI and credentials over the IPC channel; it seeds the demo data once, before any worker starts.
 * SIGTERM/SIGINT: the workers drain (each tells its sockets `server_shutdown`), then the engine stops.
 * Returns false when this process should serve by itself (no WORKERS, WORKERS=1, or a worker).
 */
export async function runAsPrimaryIfAsked({ dataDir }: { dataDir: string }): Promise<boolean> {
  if (cluster.isWorker) return false;
  const raw = process.env.WORKERS?.trim() ?? "";
  if (raw === "") return false;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`WORKERS must be a whole number of at least 1 (got "${raw}")`);
  if (n === 1) return false;
  if (!process.env.REDIS_URL) {
    fail(`WORKERS=${String(n)} needs REDIS_URL: the workers share presence, viewer counts, rate limits and Socket.IO rooms through Redis (docs/DEPLOY.md)`);
  }
  await runPrimary(n, dataDir);
  return true;
}

function fail(message: string): never {
  console.error(`[server] ${message}`);
  process.exit(1);
}

async function runPrimary(n: number, dataDir: string): Promise<void> {
  const { startEngine, connectDb } = await import("../db/connect");
  // Development secrets are generated on first use: once, here, not by two workers at once.
  const { buildConfig } = await import("../config");
  await buildConfig({ dev: process.env.NODE_ENV !== "production", dataDir, dbKind: process.env.MONGODB_URI ? "external" : "embedded" });
  let shared: SharedDb | null = null;
  let stopEngine = async (): Promise<void> => { /* MONGODB_URI: nothing of ours to stop */ };
  if (!process.env.MONGODB_URI) {
    const { engine, removeSocketDir } = await startEngine(dataDir);
    if (!engine.credentials) throw new Error("[db] the embedded store started without credentials");
    shared = { uri: engine.uri, credentials: engine.credentials };
    stopEngine = async () => {
      await engine.stop();
      removeSocketDir();
    };
  }
  // Seed once here, so two workers never both find the store empty and both fill it.
  const db = await connectDb({ dataDir, mongodbUri: process.env.MONGODB_URI, shared });
  const { seedIfEmpty } = await import("../seed/seed");
  if (await seedIfEmpty()) console.log("[seed] demo data created");
  await db.close();

  let stopping = false;
  let respawnMs = RESPAWN_MS;
  const fork = (): Worker => {
    const worker = cluster.fork();
    const startedAt = Date.now();
    worker.on("message", (msg: unknown) => {
      if ((msg as Partial<DbRequest> | null)?.type === "learnlive:need-db") worker.send({ type: "learnlive:db", shared } satisfies DbReply);
    });
    worker.once("exit", (code, signal) => {
      if (stopping) return;
      respawnMs = Date.now() - startedAt < 10_000 ? Math.min(respawnMs * 2, 30_000) : RESPAWN_MS;
      console.error(`[cluster] worker ${String(worker.process.pid)} died (${signal ? signal : `code ${String(code)}`}); starting a replacement in ${String(respawnMs)} ms`);
      setTimeout(fork, respawnMs);
    });
    return worker;
  };
  for (let i = 0; i < n; i++) fork();
  console.log(`[cluster] primary ${String(process.pid)}: ${String(n)} workers on port ${process.env.PORT ?? "3000"}`);

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[cluster] ${signal}: draining the workers`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    const exited = workers.map((w) => new Promise<void>((resolve) => {
      if (w.isDead()) resolve();
      else w.once("exit", () => { resolve(); });
    }));
    for (const w of workers) w.process.kill("SIGTERM");
    const killer = setTimeout(() => {
      for (const w of workers) if (!w.isDead()) w.process.kill("SIGKILL");
    }, DRAIN_MS);
    void Promise.all(exited).then(async () => {
      clearTimeout(killer);
      await stopEngine();
      console.log("[cluster] workers stopped, store closed");
      process.exit(0);
    });
  };
  process.once("SIGTERM", () => { shutdown("SIGTERM"); });
  process.once("SIGINT", () => { shutdown("SIGINT"); });
}

/** In a worker of the primary above without MONGODB_URI: the engine the primary runs. Elsewhere: undefined. */
export function workerSharedDb(): Promise<SharedDb | undefined> {
  if (!cluster.isWorker || process.env.MONGODB_URI || !process.send) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onMessage = (msg: unknown) => {
      const reply = msg as Partial<DbReply> | null;
      if (reply?.type !== "learnlive:db") return;
      process.off("message", onMessage);
      resolve(reply.shared ?? undefined);
    };
    process.on("message", onMessage);
    process.send?.({ type: "learnlive:need-db" } satisfies DbRequest);
  });
}
