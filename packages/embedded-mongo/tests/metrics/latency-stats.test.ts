import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MongoClient } from "mongodb";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../src/index";
import { histogramSummary, type HistogramSnapshot } from "../../src/latency-histogram";
import { makeTempDir, removeDir } from "../support/tmp";

/** serverStatus `metrics.latency` (an engine extension, not in mongod): per command and per stage. */
interface Latency { commands: Record<string, HistogramSnapshot>; stages: Record<string, HistogramSnapshot> }

describe("serverStatus metrics.latency (embedded engine only)", () => {
  let dir = "";
  let engine: EmbeddedMongo;
  let client: MongoClient;
  const latency = async (): Promise<Latency> =>
    ((await client.db("admin").command({ serverStatus: 1 })).metrics as { latency: Latency }).latency;

  beforeAll(async () => {
    dir = await makeTempDir("latency");
    engine = await startEmbeddedMongo({ dbPath: dir, logger: () => undefined });
    client = new MongoClient(engine.uri);
    await client.connect();
  });
  afterAll(async () => {
    await client.close();
    await engine.stop();
    await removeDir(dir);
  });

  it("counts each command by name and the stages of a durable write", async () => {
    const before = await latency();
    const coll = client.db("app").collection<{ _id: number }>("things");
    for (let i = 0; i < 5; i++) await coll.insertOne({ _id: i });
    await coll.findOne({ _id: 3 });
    const after = await latency();
    const n = (h?: HistogramSnapshot) => h?.n ?? 0;
    expect(n(after.commands.insert) - n(before.commands.insert)).toBe(5);
    expect(n(after.commands.find) - n(before.commands.find)).toBe(1);
    expect(n(after.stages.durableWait) - n(before.stages.durableWait)).toBe(5);
    expect(n(after.stages.fsync) - n(before.stages.fsync)).toBeGreaterThanOrEqual(1);
    // every command of this client was queued and answered, the serverStatus that read `before` included
    expect(n(after.stages.queued) - n(before.stages.queued)).toBeGreaterThanOrEqual(7);
    expect(n(after.stages.reply) - n(before.stages.reply)).toBeGreaterThanOrEqual(7);
    const insert = histogramSummary(after.commands.insert ?? { n: 0, sumMs: 0, buckets: [] });
    expect(insert.p99).toBeGreaterThan(0);
    expect(insert.p99).toBeLessThan(10_000);
  });
});
