import { describe, expect, it } from "vitest";
import { ObjectId } from "mongodb";
import mongoose, { Schema } from "mongoose";
import { useDb } from "../support/target";

/**
 * Sort order in `find` and in aggregation `$sort`: MongoDB sorts both the same way (BSON type
 * order, arrays by their smallest / largest element, an empty array below null, strings under the
 * aggregate's collation). Found by mongoose's own suite (an aggregate collation set in a pre hook
 * did not change the `$sort`); every expectation is MongoDB 7.0's documented behaviour.
 */
const h = useDb("sortorder");
const ids = (docs: { _id?: unknown }[]) => docs.map((d) => d._id);

describe("aggregation $sort", () => {
  it("orders strings by the aggregate's collation (strength 1: case ignored)", async () => {
    const c = h.coll("names");
    await c.insertMany([{ _id: 1, name: "alpha" }, { _id: 2, name: "Zeta" }, { _id: 3, name: "beta" }]);
    const plain = await c.aggregate([{ $sort: { name: 1 } }]).toArray();
    expect(ids(plain)).toEqual([2, 1, 3]);
    const collated = await c.aggregate([{ $sort: { name: 1 } }], { collation: { locale: "en", strength: 1 } }).toArray();
    expect(ids(collated)).toEqual([1, 3, 2]);
    const descending = await c.aggregate([{ $sort: { name: -1 } }], { collation: { locale: "en_US", strength: 2 } }).toArray();
    expect(ids(descending)).toEqual([2, 3, 1]);
  });

  it("applies the collation to a $sort after other stages and to a later $match", async () => {
    const c = h.coll("names2");
    await c.insertMany([{ _id: 1, name: "Émile", n: 1 }, { _id: 2, name: "emile", n: 2 }, { _id: 3, name: "Bob", n: 3 }, { _id: 4, name: "alice", n: 4 }]);
    const out = await c.aggregate(
      [{ $addFields: { k: "$name" } }, { $match: { k: { $in: ["EMILE", "bob"] } } }, { $sort: { k: 1, n: -1 } }],
      { collation: { locale: "en", strength: 1 } },
    ).toArray();
    expect(ids(out)).toEqual([3, 2, 1]);
    const sorted = await c.aggregate([{ $project: { name: 1 } }, { $sort: { name: 1 } }], { collation: { locale: "en", strength: 2 } }).toArray();
    expect(ids(sorted)).toEqual([4, 3, 2, 1]);
  });

  it("honours a collation a mongoose pre('aggregate') hook sets", async () => {
    const conn = await mongoose.createConnection(h.target.uri, { dbName: h.target.dbName }).asPromise();
    try {
      const schema = new Schema({ name: String });
      schema.pre("aggregate", function () {
        this.options.collation = { locale: "en_US", strength: 1 };
      });
      const M = conn.model("Named", schema);
      await M.create([{ name: "alpha" }, { name: "Zeta" }]);
      const docs = await M.aggregate<{ name: string }>([{ $sort: { name: 1 } }]);
      expect(docs.map((d) => d.name)).toEqual(["alpha", "Zeta"]);
    } finally {
      await conn.close();
    }
  });

  it("orders mixed types by BSON type order (ObjectId before Boolean before Date)", async () => {
    const c = h.coll("mixed");
    await c.insertMany([{ _id: 1, v: new Date(0) }, { _id: 2, v: new ObjectId() }, { _id: 3, v: true }, { _id: 4, v: "s" }, { _id: 5, v: 2 }, { _id: 6 }]);
    expect(ids(await c.aggregate([{ $sort: { v: 1, _id: 1 } }]).toArray())).toEqual([6, 5, 4, 2, 3, 1]);
    expect(ids(await c.aggregate([{ $sort: { v: -1, _id: 1 } }]).toArray())).toEqual([1, 3, 2, 4, 5, 6]);
  });

  it("sorts arrays by their smallest element ascending and their largest descending, like find", async () => {
    const c = h.coll("arrays");
    await c.insertMany([{ _id: 1, a: [5, 1] }, { _id: 2, a: 3 }, { _id: 3, a: [2, 9] }]);
    const asc = ids(await c.aggregate([{ $sort: { a: 1 } }]).toArray());
    const desc = ids(await c.aggregate([{ $sort: { a: -1 } }]).toArray());
    expect(asc).toEqual([1, 3, 2]);
    expect(desc).toEqual([3, 1, 2]);
    expect(ids(await c.find({}).sort({ a: 1 }).toArray())).toEqual(asc);
    expect(ids(await c.find({}).sort({ a: -1 }).toArray())).toEqual(desc);
  });

  it("keeps ties in their input order and refuses a bad sort direction", async () => {
    const c = h.coll("ties");
    await c.insertMany([{ _id: 1, g: 1 }, { _id: 2, g: 0 }, { _id: 3, g: 1 }, { _id: 4, g: 0 }]);
    expect(ids(await c.aggregate([{ $sort: { _id: -1 } }, { $sort: { g: 1 } }]).toArray())).toEqual([4, 2, 3, 1]);
    await expect(c.aggregate([{ $sort: { g: 2 } }]).toArray()).rejects.toMatchObject({ code: expect.any(Number) as unknown });
    await expect(c.aggregate([{ $sort: {} }]).toArray()).rejects.toMatchObject({ code: expect.any(Number) as unknown });
  });
});

describe("aggregation $sort by text score", () => {
  it("sorts by { $meta: 'textScore' } after a leading $text $match, and refuses it without one", async () => {
    const c = h.coll("texts");
    await c.createIndex({ body: "text" }, {}, undefined);
    await c.insertMany([{ _id: 1, body: "a test" }, { _id: 2, body: "test test test" }, { _id: 3, body: "nothing here" }, { _id: 4, body: "test test" }]);
    const out = await c.aggregate([{ $match: { $text: { $search: "test" } } }, { $sort: { score: { $meta: "textScore" } } }]).toArray();
    expect(ids(out)).toEqual([2, 4, 1]);
    await expect(c.aggregate([{ $sort: { score: { $meta: "textScore" } } }]).toArray()).rejects.toMatchObject({ code: expect.any(Number) as unknown });
  });
});

describe("empty arrays in sorts", () => {
  it("sort an empty array below null and missing, ascending and descending, in find and $sort", async () => {
    const c = h.coll("empty");
    await c.insertMany([{ _id: 1, a: null }, { _id: 2, a: [] }, { _id: 3 }, { _id: 4, a: [0] }]);
    expect(ids(await c.find({}).sort({ a: 1, _id: 1 }).toArray())).toEqual([2, 1, 3, 4]);
    expect(ids(await c.find({}).sort({ a: -1, _id: 1 }).toArray())).toEqual([4, 1, 3, 2]);
    expect(ids(await c.aggregate([{ $sort: { a: 1, _id: 1 } }]).toArray())).toEqual([2, 1, 3, 4]);
    expect(ids(await c.aggregate([{ $sort: { a: -1, _id: 1 } }]).toArray())).toEqual([4, 1, 3, 2]);
  });
});
