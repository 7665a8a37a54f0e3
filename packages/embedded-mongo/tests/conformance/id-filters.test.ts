import { beforeEach, describe, expect, it } from "vitest";
import { type Filter } from "mongodb";
import { type Loose, useDb } from "../support/target";

/**
 * A filter that pins `_id` to values (`_id: v`, `$eq`, `$in`) is served from the _id map; every other
 * operator on `_id` in the same condition must still apply. Once they were dropped with the equality,
 * so `deleteMany({ _id: { $in: [1, 2, 3], $ne: 2 } })` deleted all three documents.
 */
const h = useDb("id_filters");
const items = () => h.coll("items");

beforeEach(async () => {
  await items().deleteMany({});
  await items().insertMany([{ _id: 1, v: "a" }, { _id: 2, v: "b" }, { _id: 3, v: "c" }]);
});

const cases: [string, Filter<Loose>, number[]][] = [
  ["$in with $ne", { _id: { $in: [1, 2, 3], $ne: 2 } }, [1, 3]],
  ["$in with $gte", { _id: { $in: [1, 2, 3], $gte: 2 } }, [2, 3]],
  ["$in with $nin", { _id: { $in: [1, 2, 3], $nin: [1, 3] } }, [2]],
  ["$in with $exists false", { _id: { $in: [1, 2], $exists: false } }, []],
  ["$in with $not", { _id: { $in: [1, 2, 3], $not: { $lt: 3 } } }, [3]],
  ["$eq with $lt", { _id: { $eq: 2, $lt: 2 } }, []],
  ["$eq with $in", { _id: { $eq: 2, $in: [1, 3] } }, []],
  ["$in with $ne and another field", { _id: { $in: [1, 2, 3], $ne: 1 }, v: { $ne: "c" } }, [2]],
];

async function remainingIds(): Promise<unknown[]> {
  return (await items().find({}).sort({ _id: 1 }).toArray()).map((d) => d._id);
}

describe("_id equality next to other operators", () => {
  it.each(cases)("find: %s", async (_name, filter, expected) => {
    const docs = await items().find(filter).sort({ _id: 1 }).toArray();
    expect(docs.map((d) => d._id)).toEqual(expected);
  });

  it.each(cases)("countDocuments: %s", async (_name, filter, expected) => {
    expect(await items().countDocuments(filter)).toBe(expected.length);
  });

  it.each(cases)("aggregate $match: %s", async (_name, filter, expected) => {
    const docs = await items().aggregate<{ _id: number }>([{ $match: filter }, { $sort: { _id: 1 } }]).toArray();
    expect(docs.map((d) => d._id)).toEqual(expected);
  });

  it.each(cases)("deleteMany deletes only the matches: %s", async (_name, filter, expected) => {
    const res = await items().deleteMany(filter);
    expect(res.deletedCount).toBe(expected.length);
    expect(await remainingIds()).toEqual([1, 2, 3].filter((id) => !expected.includes(id)));
  });

  it.each(cases)("updateMany updates only the matches: %s", async (_name, filter, expected) => {
    const res = await items().updateMany(filter, { $set: { touched: true } });
    expect(res.matchedCount).toBe(expected.length);
    const touched = (await items().find({ touched: true }).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(touched).toEqual(expected);
  });

  it("deleteOne and findOneAndUpdate skip an _id the other operator excludes", async () => {
    expect((await items().deleteOne({ _id: { $in: [2], $ne: 2 } })).deletedCount).toBe(0);
    const found = await items().findOneAndUpdate({ _id: { $in: [1, 2], $gt: 1 } }, { $set: { v: "z" } }, { returnDocument: "after" });
    expect(found?._id).toBe(2);
    expect(await remainingIds()).toEqual([1, 2, 3]);
  });
});
