import path from "node:path";
import mongoose from "mongoose";
import { isDuplicateKey } from "../errors";
import { readExtraChatNotices } from "./read-extra-chat-notices";

export interface DbHandle {
  kind: "embedded" | "external";
  /** Disconnects mongoose and stops the embedded engine when we started one. */
  close(): Promise<void>;
}

/**
 * MONGODB_URI set: that server. Otherwise the embedded engine on `${dataDir}/db`, in a child process.
 */
export async function connectDb(opts: { dataDir: string; mongodbUri?: string }): Promise<DbHandle> {
  if (opts.mongodbUri) {
    await mongoose.connect(opts.mongodbUri, { serverSelectionTimeoutMS: 10_000 });
    await syncIndexes();
    return { kind: "external", close: () => mongoose.disconnect() };
  }
  const { startEmbeddedMongo } = await import("embedded-mongo");
  // DB_SLOW_MS: the engine logs commands slower than this (default 100 ms, as mongod's slowms).
  const slowMs = process.env.DB_SLOW_MS ? Number(process.env.DB_SLOW_MS) : undefined;
  const engine = await startEmbeddedMongo({ dbPath: path.join(opts.dataDir, "db"), slowMs });
  try {
    await mongoose.connect(`${engine.uri}learnlive`, { serverSelectionTimeoutMS: 10_000 });
    await syncIndexes();
  } catch (e) {
    await mongoose.disconnect().catch(() => undefined);
    await engine.stop();
    throw e;
  }
  return {
    kind: "embedded",
    close: async () => {
      await mongoose.disconnect().catch((e: unknown) => {
        console.error("[db] disconnect failed:", e instanceof Error ? e.message : String(e));
      });
      await engine.stop();
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
