import { describe, expect, it } from "vitest";
import { Decimal128, Long, ObjectId } from "mongodb";
import { differs, useDb } from "../support/target";

// Each case states MongoDB's behaviour. On the embedded engine these are expected to fail
// (see README "Known differences"); when one starts passing, drop its `differs` marker.
const h = useDb("differences");

describe("documented differences from MongoDB", () => {
  differs("$sum over int64 values yields an int64", async () => {
    const c = h.coll("sumlong");
    await c.insertMany([{ v: Long.fromNumber(5) }, { v: Long.fromNumber(6) }]);
    const [out] = await c.aggregate([{ $group: { _id: null, t: { $sum: "$v" } } }], { promoteLongs: false }).toArray();
    expect(out?.t).toBeInstanceOf(Long);
  });

  differs("Decimal128 compares with all 34 digits", async () => {
    const c = h.coll("decprecision");
    await c.insertMany([{ _id: 2, v: Decimal128.fromString("1.00000000000000000002") }, { _id: 1, v: Decimal128.fromString("1.00000000000000000001") }]);
    expect(await c.countDocuments({ v: { $gt: Decimal128.fromString("1.00000000000000000001") } })).toBe(1);
  });

  differs("int64 values beyond 2^53 compare exactly", async () => {
    const c = h.coll("bigint64");
    await c.insertMany([{ v: Long.fromString("9007199254740992") }, { v: Long.fromString("9007199254740993") }]);
    expect(await c.countDocuments({ v: Long.fromString("9007199254740993") })).toBe(1);
  });

  it("an empty array sorts before null (fixed; kept as a regression test)", async () => {
    const c = h.coll("emptyarray");
    await c.insertMany([{ _id: 1, a: null }, { _id: 2, a: [] }]);
    expect((await c.find({}).sort({ a: 1 }).toArray()).map((d) => d._id)).toEqual([2, 1]);
  });

  it("aggregation $sort puts ObjectId before Date (fixed; kept as a regression test)", async () => {
    const c = h.coll("mixedsort");
    await c.insertMany([{ _id: 1, v: new Date(0) }, { _id: 2, v: new ObjectId() }]);
    expect((await c.aggregate([{ $sort: { v: 1 } }]).toArray()).map((d) => d._id as unknown)).toEqual([2, 1]);
  });

  it("$slice may be combined with an exclusion projection (fixed; kept as a regression test)", async () => {
    const c = h.coll("sliceexcl");
    await c.insertOne({ _id: 1, a: 1, arr: [1, 2, 3] });
    expect(await c.findOne({ _id: 1 }, { projection: { arr: { $slice: 1 }, a: 0 } })).toEqual({ _id: 1, arr: [1] });
  });
});
