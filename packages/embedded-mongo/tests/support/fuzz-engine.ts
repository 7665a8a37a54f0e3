import { afterAll, beforeAll, expect } from "vitest";
import { MongoClient } from "mongodb";
import { type EmbeddedMongo, startEmbeddedMongo } from "../../src/index";
import { FAST_FAIL } from "./client";
import { makeTempDir, removeDir } from "./tmp";

export interface FuzzEngine {
  port: () => number;
  /** The engine process is up and a long-lived driver connection still answers ping and find. */
  expectAlive: (context: string) => Promise<void>;
}

/** Registers hooks that start one engine per file plus the already-open "bystander" client. */
export function useFuzzEngine(): FuzzEngine {
  let dir = "";
  let engine: EmbeddedMongo | undefined;
  let client: MongoClient | undefined;
  const crashes: string[] = [];
  beforeAll(async () => {
    dir = await makeTempDir("fuzz");
    // The CLI survives uncaught exceptions by logging them; for the fuzz tests any such line is a bug.
    const logger = (line: string) => { if (/uncaught exception|unhandled rejection/i.test(line)) crashes.push(line); };
    engine = await startEmbeddedMongo({ dbPath: dir, logger });
    client = new MongoClient(engine.uri, { ...FAST_FAIL, maxPoolSize: 1 });
    await client.db("fuzz").collection<{ _id: number; v: string }>("docs").insertMany([{ _id: 1, v: "a" }, { _id: 2, v: "b" }]);
  });
  afterAll(async () => {
    await client?.close(true);
    await engine?.stop();
    await removeDir(dir);
  });
  return {
    port: () => engine?.port ?? 0,
    expectAlive: async (context) => {
      if (!client || !engine) throw new Error("not started");
      const pid = engine.pid;
      expect(() => process.kill(pid, 0), `engine process gone after ${context}`).not.toThrow();
      const ping = await client.db("admin").command({ ping: 1 });
      expect(ping.ok, `ping after ${context}`).toBe(1);
      const docs = await client.db("fuzz").collection("docs").find({}).sort({ _id: 1 }).toArray();
      expect(docs.map((d) => d.v as string), `find after ${context}`).toEqual(["a", "b"]);
      expect(crashes, `engine logged an uncaught error after ${context}`).toEqual([]);
    },
  };
}
