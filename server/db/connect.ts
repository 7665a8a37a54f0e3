import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { isDuplicateKey } from "../errors";
import { readExtraChatNotices } from "./read-extra-chat-notices";

export interface DbHandle {
  kind: "embedded" | "external";
  /** Disconnects mongoose and stops the embedded engine when we started one. */
  close(): Promise<void>;
}

/** An embedded engine started by another process (the WORKERS primary, a test): its URI and credentials. */
export interface SharedDb {
  uri: string;
  credentials: { username: string; password: string; authSource: string; authMechanism: string };
}

/**
 * MONGODB_URI set: that server. `shared`: the embedded engine another process runs (WORKERS). Otherwise the embedded engine on `${dataDir}/db`, in a child process,
 * reachable only through a Unix socket (`${dataDir}/db/mongod.sock`, 0600 in a 0700 directory) and
 * only with the SCRAM-SHA-256 credentials of `${dataDir}/db-credentials.json` (0600, created on first
 * start). See the threat model in packages/embedded-mongo/README.md.
 */
export async function connectDb(opts: { dataDir: string; mongodbUri?: string; shared?: SharedDb | null }): Promise<DbHandle> {
  if (opts.shared) {
    const { uri, credentials } = opts.shared;
    await mongoose.connect(`${uri}learnlive`, {
      serverSelectionTimeoutMS: 10_000,
      auth: { username: credentials.username, password: credentials.password },
      authSource: credentials.authSource,
      authMechanism: credentials.authMechanism as "SCRAM-SHA-256",
    });
    await syncIndexes();
    // The engine belongs to the process that started it: only disconnect.
    return { kind: "embedded", close: () => mongoose.disconnect() };
  }
  if (opts.mongodbUri) {
    await mongoose.connect(opts.mongodbUri, { serverSelectionTimeoutMS: 10_000 });
    await syncIndexes();
    return { kind: "external", close: () => mongoose.disconnect() };
  }
  const { engine, removeSocketDir } = await startEngine(opts.dataDir);
  const credentials = engine.credentials;
  try {
    if (!credentials) throw new Error("[db] the embedded store started without credentials");
    await mongoose.connect(`${engine.uri}learnlive`, {
      serverSelectionTimeoutMS: 10_000,
      auth: { username: credentials.username, password: credentials.password },
      authSource: credentials.authSource,
      authMechanism: credentials.authMechanism,
    });
    await syncIndexes();
  } catch (e) {
    await mongoose.disconnect().catch(() => undefined);
    await engine.stop();
    removeSocketDir();
    throw e;
  }
  return {
    kind: "embedded",
    close: async () => {
      await mongoose.disconnect().catch((e: unknown) => {
        console.error("[db] disconnect failed:", e instanceof Error ? e.message : String(e));
      });
      await engine.stop();
      removeSocketDir();
    },
  };
}

/** The unique indexes carry meaning (idempotent purchase, one account per email): build them before serving. */
async function syncIndexes(): Promise<void> {
  await import("@/models");
  await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes().catch(async (e: unknown) => {
    // Data written before the "one unread chat notice" index may hold extra ones: read them, then retry.
    if (m.modelName !== "Notification" || !isDuplicateKey(e)) throw e;
    console.warn(`[db] ${String(await readExtraChatNotices())} duplicate unread chat notification(s) marked read`);
    await m.createIndexes();
  })));
}

/**
 * Starts the embedded engine on `${dataDir}/db` (a child process, a 0600 Unix socket, SCRAM credentials
 * from `${dataDir}/db-credentials.json`); used by connectDb and by the WORKERS primary, whose workers
 * then connect to it (`shared`).
 */
export async function startEngine(dataDir: string) {
  const { startEmbeddedMongo, socketPathProblem } = await import("embedded-mongo");
  // DB_SLOW_MS: the engine logs commands slower than this (default 100 ms, as mongod's slowms).
  const slowMs = process.env.DB_SLOW_MS ? Number(process.env.DB_SLOW_MS) : undefined;
  const dbPath = path.join(dataDir, "db");
  let socketPath = path.join(dbPath, "mongod.sock");
  // A Unix socket path holds at most 107 bytes: a deep DATA_DIR gets a private directory in the
  // system temp dir instead (mkdtemp: a fresh name, mode 0700), removed again on close.
  let socketDir: string | null = null;
  if (socketPathProblem(socketPath)) {
    socketDir = mkdtempSync(path.join(os.tmpdir(), "learnlive-db-"));
    socketPath = path.join(socketDir, "mongod.sock");
    const problem = socketPathProblem(socketPath);
    if (problem) throw new Error(`[db] no usable Unix socket path for the embedded store: ${problem}`);
  }
  const removeSocketDir = () => {
    if (socketDir) rmSync(socketDir, { recursive: true, force: true });
  };
  let engine: Awaited<ReturnType<typeof startEmbeddedMongo>>;
  try {
    engine = await startEmbeddedMongo({
      dbPath, socketPath, auth: true, credentialsFile: path.join(dataDir, "db-credentials.json"), slowMs,
    });
  } catch (e) {
    removeSocketDir();
    throw e;
  }
  return { engine, removeSocketDir };
}
