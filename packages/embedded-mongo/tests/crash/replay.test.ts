import { afterAll, beforeAll, expect, it } from "vitest";
import { BSON, type Db, Decimal128, Int32, Long, type MongoClient } from "mongodb";
import { type CliEngine, kill9, startCli, waitExit } from "../support/cli";
import { withClient } from "../support/client";
import { makeRng, randInt, testSeed } from "../support/prng";
import { makeTempDir, removeDir } from "../support/tmp";

const SEED = testSeed(0x4e91a7);
const OPS = 400;
const COLLS = ["a", "b", "c"];

let dir = "";
let engine: CliEngine | undefined;
beforeAll(async () => { dir = await makeTempDir("replay"); });
afterAll(async () => {
  if (engine) await kill9(engine);
  await removeDir(dir);
});

/** Everything observable: collections, index specs and documents with exact BSON types. */
async function dump(client: MongoClient): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const dbName of ["replay1", "replay2"]) {
    const db = client.db(dbName);
    for (const { name } of (await db.listCollections({}, { nameOnly: true }).toArray()).sort((x, y) => x.name.localeCompare(y.name))) {
      const coll = db.collection(name);
      out[`${dbName}.${name}.indexes`] = (await coll.listIndexes().toArray() as { name: string }[]).sort((x, y) => x.name.localeCompare(y.name));
      out[`${dbName}.${name}.docs`] = await coll.find({}, { promoteValues: false, promoteLongs: false }).sort({ _id: 1 }).toArray();
    }
  }
  return BSON.EJSON.stringify(out, { relaxed: false });
}

interface ReplayDoc { _id: number; v?: unknown; tag?: string; n?: number; log?: number[]; r?: unknown; f?: unknown }

/** One random acknowledged write; errors such as duplicate keys are part of the workload. */
async function randomOp(db: Db, rng: () => number): Promise<void> {
  const coll = db.collection<ReplayDoc>(COLLS[randInt(rng, 0, 2)] ?? "a");
  const id = randInt(rng, 0, 60);
  const value = [new Int32(randInt(rng, 0, 9)), Long.fromNumber(randInt(rng, 0, 9)), Decimal128.fromString(`${randInt(rng, 0, 9)}.5`),
    `s${randInt(rng, 0, 9)}`, randInt(rng, 0, 9) + 0.25][randInt(rng, 0, 4)];
  const ops: (() => Promise<unknown>)[] = [
    () => coll.insertOne({ _id: id, v: value, tag: `t${randInt(rng, 0, 5)}` }),
    () => coll.insertMany([{ _id: id, v: value }, { _id: id + 100, v: value }], { ordered: false }),
    () => coll.updateOne({ _id: id }, { $set: { v: value }, $inc: { n: 1 } }, { upsert: rng() < 0.5 }),
    () => coll.updateMany({ tag: `t${randInt(rng, 0, 5)}` }, { $push: { log: randInt(rng, 0, 99) } }),
    () => coll.replaceOne({ _id: id }, { r: value, tag: "replaced" }),
    () => coll.deleteOne({ _id: id }),
    () => coll.deleteMany({ _id: { $gt: randInt(rng, 50, 160) } }),
    () => coll.findOneAndUpdate({ _id: id }, { $set: { f: value } }, { upsert: true }),
    () => coll.createIndex({ tag: 1 }, { unique: rng() < 0.3, sparse: true }, undefined),
    () => coll.dropIndex("tag_1"),
    () => (rng() < 0.15 ? coll.drop() : coll.updateOne({ _id: id }, { $unset: { v: "" } })),
  ];
  await ops[randInt(rng, 0, ops.length - 1)]?.().catch(() => undefined);
}

it(`recovers exactly the acknowledged state after kill -9 and after a clean restart (seed ${SEED})`, async () => {
  engine = await startCli(dir, ["--compact-every-ops", "97"]);
  const rng = makeRng(SEED);
  const before = await withClient(engine.uri, async (client) => {
    for (let i = 0; i < OPS; i++) await randomOp(client.db(i % 5 === 0 ? "replay2" : "replay1"), rng);
    return dump(client);
  });
  expect(before.length).toBeGreaterThan(1000);
  await kill9(engine);
  engine = await startCli(dir);
  expect(await withClient(engine.uri, dump)).toBe(before);
  engine.signal("SIGTERM");
  expect((await waitExit(engine, 20_000)).code).toBe(0);
  engine = await startCli(dir);
  expect(await withClient(engine.uri, dump)).toBe(before);
});
