import { afterAll, beforeAll, expect, it } from "vitest";
import { MongoClient } from "mongodb";
import { type CliEngine, kill9, startCli } from "../support/cli";
import { FAST_FAIL, withClient } from "../support/client";
import { makeTempDir, removeDir } from "../support/tmp";

const WRITERS = 8;
const PER_WRITER = 60;

let dir = "";
let engine: CliEngine | undefined;
beforeAll(async () => { dir = await makeTempDir("compaction"); });
afterAll(async () => {
  if (engine) await kill9(engine);
  await removeDir(dir);
});

it("keeps acknowledging writes while compacting every 25 ops, and recovers them after kill -9", async () => {
  engine = await startCli(dir, ["--compact-every-ops", "25"]);
  // A stalled group commit shows up as a socket timeout instead of a silent hang.
  const client = new MongoClient(engine.uri, { ...FAST_FAIL, socketTimeoutMS: 10_000, maxPoolSize: WRITERS });
  try {
    const docs = client.db("compaction").collection<{ w: number; i: number }>("docs");
    await docs.createIndex({ w: 1, i: 1 }, { unique: true }, undefined);
    await Promise.all(Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; i < PER_WRITER; i++) {
        if (i % 3 === 0) await docs.updateOne({ w, i }, { $set: { w, i } }, { upsert: true });
        else await docs.insertOne({ w, i });
      }
    }));
    expect(await docs.countDocuments()).toBe(WRITERS * PER_WRITER);
  } finally {
    await client.close(true);
  }
  await kill9(engine);
  engine = await startCli(dir);
  const count = await withClient(engine.uri, (c) => c.db("compaction").collection("docs").countDocuments());
  expect(count).toBe(WRITERS * PER_WRITER);
});
