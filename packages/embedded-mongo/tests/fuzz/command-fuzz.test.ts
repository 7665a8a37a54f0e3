import { describe, expect, it } from "vitest";
import { type Document, Long, MongoClient, MongoServerError, ObjectId } from "mongodb";
import { useFuzzEngine } from "../support/fuzz-engine";
import { makeRng, randInt, testSeed } from "../support/prng";

const SEED = testSeed(0xc0ffee);
const CASES = 250;
const { port, expectAlive } = useFuzzEngine();

const COMMANDS = ["find", "insert", "update", "delete", "aggregate", "count", "distinct", "createIndexes", "getMore",
  "killCursors", "findAndModify", "listIndexes", "dropIndexes", "create", "drop", "listCollections"];
const FIELDS = ["filter", "sort", "projection", "limit", "skip", "batchSize", "documents", "updates", "deletes", "pipeline",
  "cursor", "key", "query", "indexes", "index", "collection", "update", "remove", "new", "upsert", "ordered", "singleBatch"];

function randomValue(rng: () => number, depth = 0): unknown {
  const leaves: (() => unknown)[] = [
    () => randInt(rng, -5, 5), () => 2 ** 40, () => -1, () => "x", () => "", () => "$bad", () => null, () => true,
    () => new ObjectId(), () => Long.fromNumber(randInt(rng, -3, 3)), () => new Date(0), () => 1.5,
  ];
  if (depth < 2 && rng() < 0.35) {
    return rng() < 0.5
      ? Array.from({ length: randInt(rng, 0, 3) }, () => randomValue(rng, depth + 1))
      : Object.fromEntries(Array.from({ length: randInt(rng, 0, 3) }, () =>
        [["a", "$gt", "$set", "$match", "_id", "q", "u", "key", "name", "$in", "a.b"][randInt(rng, 0, 10)] ?? "a", randomValue(rng, depth + 1)]));
  }
  return leaves[randInt(rng, 0, leaves.length - 1)]?.();
}

function randomCommand(rng: () => number): Document {
  const name = COMMANDS[randInt(rng, 0, COMMANDS.length - 1)] ?? "find";
  const cmd: Document = { [name]: rng() < 0.8 ? "target" : randomValue(rng) };
  for (let i = randInt(rng, 0, 4); i > 0; i--) cmd[FIELDS[randInt(rng, 0, FIELDS.length - 1)] ?? "filter"] = randomValue(rng);
  return cmd;
}

describe(`random commands with ill-typed fields (seed ${SEED}, ${CASES} cases)`, () => {
  it("answer with a result or a coded server error and never take the engine down", async () => {
    const client = new MongoClient(`mongodb://127.0.0.1:${port()}/`, { serverSelectionTimeoutMS: 5000, socketTimeoutMS: 10_000 });
    try {
      const db = client.db("cmdfuzz");
      await db.collection("target").insertMany([{ a: 1 }, { a: 2, b: [1, 2] }, { a: { b: 3 } }]);
      const rng = makeRng(SEED);
      for (let n = 0; n < CASES; n++) {
        const cmd = randomCommand(rng);
        const label = `case ${n} (seed ${SEED}): ${JSON.stringify(cmd)}`;
        const outcome: unknown = await db.command(cmd).then((r) => r, (e: unknown) => e);
        if (outcome instanceof Error) {
          expect(outcome, label).toBeInstanceOf(MongoServerError);
          expect(typeof (outcome instanceof MongoServerError ? outcome.code : undefined), label).toBe("number");
        }
        if (n % 10 === 0) await expectAlive(label);
      }
      await expectAlive("the last command");
    } finally {
      await client.close(true);
    }
  });
});
