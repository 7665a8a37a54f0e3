import { afterAll, beforeAll, expect, it } from "vitest";
import { MongoClient, type MongoServerError } from "mongodb";
import { type CliEngine, kill9, startCli, waitExit } from "../support/cli";
import { FAST_FAIL, sleep, withClient } from "../support/client";
import { makeRng, randInt, testSeed } from "../support/prng";
import { makeTempDir, removeDir } from "../support/tmp";

const SEED = testSeed(0x5eed_c0de);
const ROUNDS = 6;
const WRITERS = 4;

let dir = "";
let engine: CliEngine | undefined;

beforeAll(async () => {
  dir = await makeTempDir("kill9");
});

afterAll(async () => {
  if (engine) await kill9(engine);
  await removeDir(dir);
});

interface Doc { k: string; round: number; pad: string }

/** Every acknowledged key is present, no key is stored twice, the unique index still holds. */
async function verify(uri: string, acked: Set<string>): Promise<void> {
  await withClient(uri, async (client) => {
    const docs = client.db("crash").collection<Doc>("docs");
    const stored = (await docs.find({}, { projection: { k: 1 } }).toArray()).map((d) => d.k);
    const storedSet = new Set(stored);
    expect(stored.length, "duplicate keys after recovery").toBe(storedSet.size);
    expect([...acked].filter((k) => !storedSet.has(k)), "acknowledged inserts lost").toEqual([]);
    const names = (await docs.listIndexes().toArray() as { name: string; unique?: boolean }[]);
    expect(names.find((i) => i.name === "k_1")?.unique).toBe(true);
    const some = stored[0];
    if (some !== undefined) {
      const err = await docs.insertOne({ k: some, round: -1, pad: "" }).then(() => null, (e: unknown) => e as MongoServerError);
      expect(err?.code, "unique index not enforced after recovery").toBe(11000);
    }
  });
}

/** One writer: acknowledged single and batch inserts until the engine dies. */
async function writer(uri: string, round: number, id: number, rng: () => number, acked: Set<string>): Promise<void> {
  const client = new MongoClient(uri, { ...FAST_FAIL, maxPoolSize: 1 });
  try {
    const docs = client.db("crash").collection<Doc>("docs");
    for (let i = 0; ; i++) {
      const pad = "p".repeat(randInt(rng, 0, 2000));
      if (i % 4 === 3) {
        const batch = [0, 1, 2].map((j) => ({ k: `r${round}-w${id}-${i}-${j}`, round, pad }));
        await docs.insertMany(batch);
        for (const d of batch) acked.add(d.k);
      } else {
        const k = `r${round}-w${id}-${i}`;
        await docs.insertOne({ k, round, pad });
        acked.add(k);
      }
    }
  } catch {
    // the engine was killed under us: stop writing
  } finally {
    await client.close(true).catch(() => undefined);
  }
}

it(`keeps every acknowledged insert across ${ROUNDS} kill -9 rounds (seed ${SEED})`, async () => {
  const delays = makeRng(SEED);
  const acked = new Set<string>();
  let before = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Odd rounds compact often, so kills also land around snapshot + journal switches.
    engine = await startCli(dir, round % 2 === 1 ? ["--compact-every-ops", "60"] : []);
    if (round === 0) {
      await withClient(engine.uri, (c) => c.db("crash").collection("docs").createIndex({ k: 1 }, { unique: true }, undefined));
    } else {
      await verify(engine.uri, acked);
    }
    const uri = engine.uri;
    const writers = Array.from({ length: WRITERS }, (_, id) => writer(uri, round, id, makeRng(SEED + round * 16 + id), acked));
    await sleep(randInt(delays, 150, 1200));
    await kill9(engine);
    engine = undefined;
    await Promise.all(writers);
    expect(acked.size, `round ${round} acknowledged nothing`).toBeGreaterThan(before);
    before = acked.size;
  }
  engine = await startCli(dir);
  await verify(engine.uri, acked);
  engine.signal("SIGTERM");
  expect((await waitExit(engine, 20_000)).code).toBe(0);
  engine = undefined;
});
