import { describe, expect, it } from "vitest";
import { type Document, Int32, Long, ObjectId, type UpdateOptions, Timestamp } from "mongodb";
import { type Loose, useDb } from "../support/target";

const h = useDb("updates");
let seq = 0;

/** Insert `doc` into a fresh collection, apply `update` to it, return what is stored. */
async function apply(doc: Loose, update: Document | Document[], options?: UpdateOptions,
  filter: Document = { _id: doc._id }): Promise<Loose | null> {
  const c = h.coll(`u${++seq}`);
  await c.insertOne(doc);
  const r = await c.updateOne(filter, update, options);
  expect(r.matchedCount).toBe(1);
  return c.findOne({ _id: doc._id });
}

describe("field update operators", () => {
  it("$set creates nested paths and sets array elements", async () => {
    expect(await apply({ _id: 1 }, { $set: { "a.b.c": 1 } })).toEqual({ _id: 1, a: { b: { c: 1 } } });
    expect(await apply({ _id: 1, arr: [1, 2, 3] }, { $set: { "arr.1": 9 } })).toEqual({ _id: 1, arr: [1, 9, 3] });
  });

  it("$unset removes fields", async () => {
    expect(await apply({ _id: 1, x: 1, y: 2 }, { $unset: { x: "" } })).toEqual({ _id: 1, y: 2 });
  });

  it("$inc and $mul, including on missing fields", async () => {
    expect(await apply({ _id: 1, n: 1 }, { $inc: { n: 5, m: 2 } })).toEqual({ _id: 1, n: 6, m: 2 });
    expect(await apply({ _id: 1, n: 2 }, { $mul: { n: 3, z: 4 } })).toEqual({ _id: 1, n: 6, z: 0 });
    expect(await apply({ _id: 1, f: 1.5 }, { $inc: { f: 0.25 } })).toEqual({ _id: 1, f: 1.75 });
  });

  it("$min and $max only move in one direction", async () => {
    expect(await apply({ _id: 1, lo: 10, hi: 10 }, { $min: { lo: 5, hi: 50 } })).toEqual({ _id: 1, lo: 5, hi: 10 });
    expect(await apply({ _id: 1, lo: 10, hi: 10 }, { $max: { lo: 5, hi: 50 } })).toEqual({ _id: 1, lo: 10, hi: 50 });
  });

  it("$unset of an array element leaves null in its place", async () => {
    expect(await apply({ _id: 1, arr: [1, 2, 3] }, { $unset: { "arr.1": "" } })).toEqual({ _id: 1, arr: [1, null, 3] });
  });

  it("$inc keeps int32 and int64 types and widens on overflow", async () => {
    const c = h.coll("numeric");
    await c.insertOne({ _id: 1, i: new Int32(5), l: Long.fromNumber(5), big: new Int32(2147483647), f: new Int32(1) });
    const inc: Document = { $inc: { i: 1, l: 1, big: 1, f: 0.5 } };
    await c.updateOne({ _id: 1 }, inc);
    const types = async (field: string, type: string) => c.countDocuments({ _id: 1, [field]: { $type: type } });
    expect(await types("i", "int")).toBe(1);
    expect(await types("l", "long")).toBe(1);
    expect(await types("big", "long")).toBe(1);
    expect(await types("f", "double")).toBe(1);
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, i: 6, l: 6, big: 2147483648, f: 1.5 });
  });

  it("$setOnInsert does nothing without an insert", async () => {
    expect(await apply({ _id: 1, a: 1 }, { $setOnInsert: { b: 2 } }, { upsert: true })).toEqual({ _id: 1, a: 1 });
  });

  it("$rename moves a field", async () => {
    expect(await apply({ _id: 1, old: "v", keep: 1 }, { $rename: { old: "fresh" } })).toEqual({ _id: 1, keep: 1, fresh: "v" });
  });

  it("$currentDate sets a Date or a Timestamp", async () => {
    const before = Date.now();
    const doc = await apply({ _id: 1 }, { $currentDate: { at: true, ts: { $type: "timestamp" } } });
    const at = doc?.at;
    expect(at).toBeInstanceOf(Date);
    expect((at as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((at as Date).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(doc?.ts).toBeInstanceOf(Timestamp);
  });
});

describe("array update operators", () => {
  it("$push appends, and with $each/$sort/$slice keeps a sorted, bounded list", async () => {
    expect(await apply({ _id: 1, arr: [1] }, { $push: { arr: 2 } })).toEqual({ _id: 1, arr: [1, 2] });
    expect(await apply({ _id: 1, arr: [3, 1] }, { $push: { arr: { $each: [5, 2, 4], $sort: 1, $slice: 3 } } }))
      .toEqual({ _id: 1, arr: [1, 2, 3] });
    expect(await apply({ _id: 1, arr: [1, 2] }, { $push: { arr: { $each: [3, 4], $slice: -2 } } }))
      .toEqual({ _id: 1, arr: [3, 4] });
    expect(await apply({ _id: 1, l: [{ s: 2 }] }, { $push: { l: { $each: [{ s: 3 }, { s: 1 }], $sort: { s: -1 } } } }))
      .toEqual({ _id: 1, l: [{ s: 3 }, { s: 2 }, { s: 1 }] });
    expect(await apply({ _id: 1, arr: [1, 2] }, { $push: { arr: { $each: [0], $position: 0 } } }))
      .toEqual({ _id: 1, arr: [0, 1, 2] });
  });

  it("$addToSet skips values already present", async () => {
    expect(await apply({ _id: 1, t: ["a", "b"] }, { $addToSet: { t: "a" } })).toEqual({ _id: 1, t: ["a", "b"] });
    expect(await apply({ _id: 1, t: ["a", "b"] }, { $addToSet: { t: { $each: ["b", "c", "c"] } } }))
      .toEqual({ _id: 1, t: ["a", "b", "c"] });
  });

  it("$pull removes by condition or by document match", async () => {
    expect(await apply({ _id: 1, arr: [1, 2, 3, 4] }, { $pull: { arr: { $gte: 3 } } })).toEqual({ _id: 1, arr: [1, 2] });
    expect(await apply({ _id: 1, it: [{ sku: "x", q: 1 }, { sku: "y" }] }, { $pull: { it: { sku: "x" } } }))
      .toEqual({ _id: 1, it: [{ sku: "y" }] });
  });

  it("$pull with $in and $addToSet with documents", async () => {
    expect(await apply({ _id: 1, arr: [1, 2, 3, 2] }, { $pull: { arr: { $in: [2, 3] } } })).toEqual({ _id: 1, arr: [1] });
    expect(await apply({ _id: 1, l: [{ a: 1, b: 2 }] }, { $addToSet: { l: { $each: [{ a: 1, b: 2 }, { b: 2, a: 1 }] } } }))
      .toEqual({ _id: 1, l: [{ a: 1, b: 2 }, { b: 2, a: 1 }] });
  });

  it("$push onto a non-array field is rejected", async () => {
    const c = h.coll("pushscalar");
    await c.insertOne({ _id: 1, s: "text" });
    const push: Document = { $push: { s: 1 } };
    await expect(c.updateOne({ _id: 1 }, push)).rejects.toMatchObject({ code: 2 });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, s: "text" });
  });

  it("$pop removes the last or the first element", async () => {
    expect(await apply({ _id: 1, arr: [1, 2, 3] }, { $pop: { arr: 1 } })).toEqual({ _id: 1, arr: [1, 2] });
    expect(await apply({ _id: 1, arr: [1, 2, 3] }, { $pop: { arr: -1 } })).toEqual({ _id: 1, arr: [2, 3] });
  });

  it("positional $ updates the first matched element", async () => {
    expect(await apply({ _id: 1, g: [80, 85, 90] }, { $set: { "g.$": 82 } }, {}, { _id: 1, g: 85 }))
      .toEqual({ _id: 1, g: [80, 82, 90] });
    const doc = { _id: 1, it: [{ sku: "x", q: 1 }, { sku: "y", q: 1 }] };
    expect(await apply(doc, { $inc: { "it.$.q": 5 } }, {}, { "it.sku": "y" }))
      .toEqual({ _id: 1, it: [{ sku: "x", q: 1 }, { sku: "y", q: 6 }] });
  });

  it("arrayFilters $[x] and all-positional $[]", async () => {
    expect(await apply({ _id: 1, g: [80, 85, 90] }, { $set: { "g.$[v]": 100 } }, { arrayFilters: [{ v: { $gte: 85 } }] }))
      .toEqual({ _id: 1, g: [80, 100, 100] });
    const doc = { _id: 1, it: [{ sku: "x", q: 1 }, { sku: "y", q: 1 }, { sku: "x", q: 2 }] };
    expect(await apply(doc, { $inc: { "it.$[e].q": 10 } }, { arrayFilters: [{ "e.sku": "x" }] }))
      .toEqual({ _id: 1, it: [{ sku: "x", q: 11 }, { sku: "y", q: 1 }, { sku: "x", q: 12 }] });
    expect(await apply({ _id: 1, g: [1, 2] }, { $inc: { "g.$[]": 1 } })).toEqual({ _id: 1, g: [2, 3] });
  });
});

describe("pipeline updates and invalid updates", () => {
  it("an aggregation pipeline can compute fields from the document", async () => {
    const doc = await apply({ _id: 1, a: 2, b: 3 }, [{ $set: { total: { $add: ["$a", "$b"] } } }, { $unset: "a" }]);
    expect(doc).toEqual({ _id: 1, b: 3, total: 5 });
  });

  it("rejects changing _id (66), $inc on a string (14) and conflicting paths (40)", async () => {
    const c = h.coll("invalid");
    await c.insertOne({ _id: 1, s: "text", n: 1 });
    const setId: Document = { $set: { _id: 2 } };
    await expect(c.updateOne({ _id: 1 }, setId)).rejects.toMatchObject({ code: 66 });
    const incString: Document = { $inc: { s: 1 } };
    await expect(c.updateOne({ _id: 1 }, incString)).rejects.toMatchObject({ code: 14 });
    const conflict: Document = { $set: { n: 5 }, $inc: { n: 1 } };
    await expect(c.updateOne({ _id: 1 }, conflict)).rejects.toMatchObject({ code: 40 });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, s: "text", n: 1 });
  });
});

describe("updates by a list of ids", () => {
  it("updateMany with a long _id $in list changes exactly the listed documents, in linear time", async () => {
    const c = h.coll(`u${++seq}`);
    const ids = Array.from({ length: 3000 }, () => new ObjectId());
    await c.insertMany(ids.map((_id, i) => ({ _id, i, seen: false })));
    const chosen = ids.filter((_, i) => i % 3 !== 0);
    const started = Date.now();
    const r = await c.updateMany({ _id: { $in: chosen }, seen: false }, { $set: { seen: true } });
    const ms = Date.now() - started;
    expect(r.matchedCount).toBe(2000);
    expect(r.modifiedCount).toBe(2000);
    expect(await c.countDocuments({ seen: true })).toBe(2000);
    expect(await c.countDocuments({ _id: { $in: chosen }, seen: true })).toBe(2000);
    expect(await c.countDocuments({ seen: true, i: { $mod: [3, 0] } })).toBe(0);
    // Testing each candidate against the whole list again was quadratic: 7.7 s on a 2-core VM, now 0.4 s.
    expect(ms).toBeLessThan(3000);
  });
});
