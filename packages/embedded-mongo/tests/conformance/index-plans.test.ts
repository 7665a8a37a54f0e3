import { beforeAll, describe, expect, it } from "vitest";
import { type Document, Int32, Long, MongoServerError, ObjectId } from "mongodb";
import { type Loose, useDb } from "../support/target";

/**
 * Index-backed range scans and sorts, `hint` and `explain`. Plans are asserted through `explain`
 * (stage names and executionStats), answers against what a full scan would return: an index only
 * narrows where to look, every candidate must still pass the whole filter.
 */
const h = useDb("index_plans");

interface Stage {
  stage: string;
  indexName?: string;
  direction?: string;
  inputStage?: Stage;
  inputStages?: Stage[];
  queryPlan?: Stage;
}

function stagesOf(plan: Stage | undefined): Stage[] {
  if (!plan) return [];
  const inner = plan.queryPlan ? [plan.queryPlan] : [];
  const children = [...inner, ...(plan.inputStage ? [plan.inputStage] : []), ...(plan.inputStages ?? [])];
  return [plan, ...children.flatMap(stagesOf)];
}

interface Explained {
  queryPlanner: { winningPlan: Stage };
  executionStats: { nReturned: number; totalDocsExamined: number; totalKeysExamined: number };
}

async function explainFind(coll: string, filter: Document, opts: { sort?: Document; limit?: number; hint?: Document | string } = {}): Promise<Explained> {
  let cursor = h.coll(coll).find(filter);
  if (opts.sort) cursor = cursor.sort(opts.sort);
  if (opts.limit) cursor = cursor.limit(opts.limit);
  if (opts.hint) cursor = cursor.hint(opts.hint);
  return (await cursor.explain("executionStats")) as unknown as Explained;
}

const names = (e: Explained): string[] => stagesOf(e.queryPlanner.winningPlan).map((s) => s.stage);
const ixscan = (e: Explained): Stage | undefined => stagesOf(e.queryPlanner.winningPlan).find((s) => s.stage === "IXSCAN");

describe("chat history: equality prefix, _id range, sort and limit on a compound index", () => {
  const conversations = [new ObjectId(), new ObjectId()];
  const ids: ObjectId[] = [];
  beforeAll(async () => {
    const coll = h.coll("messages");
    await coll.createIndex({ conversation: 1, _id: -1 }, {}, undefined);
    const docs: Loose[] = [];
    for (let i = 0; i < 400; i++) {
      const _id = ObjectId.createFromTime(1_700_000_000 + i);
      ids.push(_id);
      docs.push({ _id: _id, conversation: conversations[i % 2], n: i });
    }
    await coll.insertMany(docs);
  });

  it("returns the page a full scan and sort would, newest first", async () => {
    const cursor = ids[301] as ObjectId;
    const filter = { conversation: conversations[1], _id: { $lt: cursor } };
    const page = await h.coll("messages").find(filter).sort({ _id: -1 }).limit(30).toArray();
    const expected = (await h.coll("messages").find({}).toArray())
      .filter((d) => (d.conversation as ObjectId).equals(conversations[1] as ObjectId) && (d._id as ObjectId).toHexString() < cursor.toHexString())
      .sort((a, b) => ((b._id as ObjectId).toHexString() < (a._id as ObjectId).toHexString() ? -1 : 1))
      .slice(0, 30)
      .map((d) => d.n);
    expect(page.map((d) => d.n)).toEqual(expected);
    expect(page[0]?.n).toBe(299);
  });

  it("is an index scan that reads only the page: no SORT stage, 30 documents examined", async () => {
    const e = await explainFind("messages", { conversation: conversations[0], _id: { $lt: ids[350] } }, { sort: { _id: -1 }, limit: 30 });
    expect(names(e)).toContain("IXSCAN");
    expect(names(e)).not.toContain("SORT");
    expect(ixscan(e)?.indexName).toBe("conversation_1__id_-1");
    expect(e.executionStats.nReturned).toBe(30);
    expect(e.executionStats.totalDocsExamined).toBe(30);
  });

  it("scans the index backwards for the opposite sort", async () => {
    const filter = { conversation: conversations[0], _id: { $gt: ids[10] } };
    const e = await explainFind("messages", filter, { sort: { _id: 1 }, limit: 5 });
    expect(names(e)).not.toContain("SORT");
    expect(ixscan(e)?.direction).toBe("backward");
    const page = await h.coll("messages").find(filter).sort({ _id: 1 }).limit(5).toArray();
    expect(page.map((d) => d.n)).toEqual([12, 14, 16, 18, 20]);
  });

  it("applies every other condition of the filter to the candidates", async () => {
    const filter = { conversation: conversations[0], _id: { $lt: ids[100], $ne: ids[98] }, n: { $not: { $in: [96, 94] } } };
    const page = await h.coll("messages").find(filter).sort({ _id: -1 }).limit(3).toArray();
    expect(page.map((d) => d.n)).toEqual([92, 90, 88]);
  });
});

describe("ranges on single-field indexes", () => {
  beforeAll(async () => {
    const coll = h.coll("ranges");
    await coll.createIndex({ v: 1 }, {}, undefined);
    const docs: Loose[] = [];
    for (let i = 0; i < 50; i++) docs.push({ _id: i, v: i, tag: i % 3 === 0 ? "x" : "y" });
    docs.push({ _id: 100, v: "7" }, { _id: 101, v: null }, { _id: 102 }, { _id: 103, v: new Date(5) });
    docs.push({ _id: 104, v: new Long(20) }, { _id: 105, v: 20.5 }, { _id: 106, v: new Int32(21) });
    await coll.insertMany(docs);
  });

  it("reads only the keys in range and keeps to the bound's type", async () => {
    const e = await explainFind("ranges", { v: { $gte: 10, $lt: 20 } });
    expect(ixscan(e)?.indexName).toBe("v_1");
    expect(e.executionStats.nReturned).toBe(10);
    expect(e.executionStats.totalKeysExamined).toBeLessThanOrEqual(11);
    const lt = await h.coll("ranges").find({ v: { $lt: 3 } }).sort({ _id: 1 }).toArray();
    expect(lt.map((d) => d._id)).toEqual([0, 1, 2]);
  });

  it("compares int32, int64 and doubles as numbers", async () => {
    const docs = await h.coll("ranges").find({ v: { $gte: 20, $lte: 21 } }).sort({ v: 1, _id: 1 }).toArray();
    expect(docs.map((d) => d._id)).toEqual([20, 104, 105, 21, 106]);
  });

  it("applies the whole filter: deleteMany with a range and $ne on the same field deletes only the matches", async () => {
    const res = await h.coll("ranges").deleteMany({ v: { $gte: 30, $lte: 34, $ne: 32 }, tag: "y" });
    expect(res.deletedCount).toBe(2); // 31 and 34: 32 is excluded by $ne, 30 and 33 have tag x
    const left = await h.coll("ranges").find({ v: { $gte: 30, $lte: 34 } }).sort({ v: 1 }).toArray();
    expect(left.map((d) => d._id)).toEqual([30, 32, 33]);
  });

  it("updates each document once when the update moves it within the scanned range", async () => {
    const res = await h.db.collection("ranges").updateMany({ v: { $gte: 40, $lt: 45 } }, { $inc: { v: 3 } });
    expect(res.modifiedCount).toBe(5);
    const moved = await h.coll("ranges").find({ _id: { $gte: 40, $lt: 45 } }).sort({ _id: 1 }).toArray();
    expect(moved.map((d) => d.v)).toEqual([43, 44, 45, 46, 47]);
  });

  it("sorts by the index with a limit without a SORT stage", async () => {
    const filter = { tag: "x", v: { $lt: 40 } };
    const e = await explainFind("ranges", filter, { sort: { v: -1 }, limit: 2 });
    expect(names(e)).toContain("IXSCAN");
    expect(names(e)).not.toContain("SORT");
    const docs = await h.coll("ranges").find(filter).sort({ v: -1 }).limit(2).toArray();
    expect(docs.map((d) => d._id)).toEqual([39, 36]);
  });

  it("uses a collection scan for a filter no index serves", async () => {
    const e = await explainFind("ranges", { tag: "x" });
    expect(names(e)).toContain("COLLSCAN");
    expect(e.executionStats.totalDocsExamined).toBe(await h.coll("ranges").countDocuments({}));
  });
});

describe("multikey and sparse indexes still return every match", () => {
  beforeAll(async () => {
    const coll = h.coll("multi");
    await coll.createIndex({ tags: 1 }, {}, undefined);
    await coll.createIndex({ s: 1 }, { sparse: true }, undefined);
    await coll.insertMany([
      { _id: 1, tags: ["a", "e"], s: 2 },
      { _id: 2, tags: ["c"] },
      { _id: 3, tags: "b", s: 1 },
      { _id: 4, tags: [] },
    ]);
  });

  it("a range on an array matches when different elements satisfy each bound", async () => {
    const docs = await h.coll("multi").find({ tags: { $gt: "b", $lt: "d" } }).sort({ _id: 1 }).toArray();
    expect(docs.map((d) => d._id)).toEqual([1, 2]);
  });

  it("sorting by a multikey field orders by the smallest element ascending", async () => {
    const docs = await h.coll("multi").find({ tags: { $exists: true } }).sort({ tags: 1, _id: 1 }).toArray();
    expect(docs.map((d) => d._id)).toEqual([4, 1, 3, 2]);
  });

  it("a sort on a sparse field returns the documents missing it too", async () => {
    const docs = await h.coll("multi").find({}).sort({ s: 1, _id: 1 }).toArray();
    expect(docs.map((d) => d._id)).toEqual([2, 4, 3, 1]);
  });
});

describe("hint", () => {
  beforeAll(async () => {
    const coll = h.coll("hinted");
    await coll.createIndex({ a: 1 }, {}, undefined);
    await coll.createIndex({ b: -1 }, { name: "by_b" }, undefined);
    await coll.insertMany([{ _id: 1, a: 3, b: 1 }, { _id: 2, a: 1, b: 3 }, { _id: 3, a: 2, b: 2 }]);
  });

  it("a hinted index is used and gives its order", async () => {
    const byA = await h.coll("hinted").find({}).hint({ a: 1 }).toArray();
    expect(byA.map((d) => d._id)).toEqual([2, 3, 1]);
    const byB = await h.coll("hinted").find({}).hint("by_b").toArray();
    expect(byB.map((d) => d._id)).toEqual([2, 3, 1]);
    const e = await explainFind("hinted", { a: { $gte: 2 } }, { hint: "by_b" });
    expect(ixscan(e)?.indexName).toBe("by_b");
    expect(e.executionStats.nReturned).toBe(2);
  });

  it("$natural forces a collection scan, forwards or backwards", async () => {
    const e = await explainFind("hinted", { a: 1 }, { hint: { $natural: 1 } });
    expect(names(e)).toContain("COLLSCAN");
    const backwards = await h.coll("hinted").find({}).hint({ $natural: -1 }).toArray();
    expect(backwards.map((d) => d._id)).toEqual([3, 2, 1]);
  });

  it("a hint naming no index is refused", async () => {
    const err = await h.coll("hinted").find({}).hint({ zz: 1 }).toArray().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect((err as MongoServerError).code).toBe(2);
    expect((err as MongoServerError).message).toMatch(/hint provided does not correspond to an existing index/);
  });

  it("count and updates honour a hint", async () => {
    expect(await h.coll("hinted").countDocuments({ a: { $gt: 1 } }, { hint: { a: 1 } })).toBe(2);
    const res = await h.coll("hinted").updateMany({ b: { $gte: 2 } }, { $set: { seen: true } }, { hint: "by_b" });
    expect(res.modifiedCount).toBe(2);
  });
});

describe("cursors over an index scan", () => {
  it("survive writes between getMores and never return a deleted document", async () => {
    const coll = h.coll("cursor_scan");
    await coll.createIndex({ k: 1 }, {}, undefined);
    await coll.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: i, k: i })));
    const cursor = coll.find({ k: { $gte: 0 } }).sort({ k: 1 }).batchSize(10);
    const seen: number[] = [];
    for await (const doc of cursor) {
      seen.push(doc._id as number);
      if (seen.length === 5) {
        await coll.deleteMany({ k: { $gte: 100, $lt: 200 } });
        await coll.insertOne({ _id: 1000, k: 150 });
      }
    }
    expect(seen.filter((id) => id >= 100 && id < 200)).toEqual([]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => id < 100 || (id >= 200 && id < 300))).toHaveLength(200);
  });
});

describe("explain", () => {
  it("answers for count, aggregate and delete without deleting", async () => {
    const coll = h.coll("explained");
    await coll.createIndex({ x: 1 }, {}, undefined);
    await coll.insertMany([{ x: 1 }, { x: 2 }, { x: 3 }]);
    const agg: Document = await coll.aggregate([{ $match: { x: { $gt: 1 } } }, { $group: { _id: null, n: { $sum: 1 } } }]).explain("queryPlanner");
    const firstStage = (agg.stages as { $cursor: Document }[] | undefined)?.[0];
    const aggPlan = (agg.queryPlanner ?? firstStage?.$cursor.queryPlanner) as { winningPlan: Stage };
    expect(stagesOf(aggPlan.winningPlan).map((s) => s.stage)).toContain("IXSCAN");
    const del = await h.db.command({ explain: { delete: "explained", deletes: [{ q: { x: 2 }, limit: 0 }] }, verbosity: "queryPlanner" });
    expect(stagesOf((del.queryPlanner as { winningPlan: Stage }).winningPlan).map((s) => s.stage)).toContain("IXSCAN");
    expect(await coll.countDocuments({})).toBe(3);
  });
});
