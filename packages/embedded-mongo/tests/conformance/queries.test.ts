import { beforeAll, describe, expect, it } from "vitest";
import { Double, Long, type Document, type Filter } from "mongodb";
import { type Loose, useDb } from "../support/target";

const h = useDb("queries");
const people = () => h.coll("people");

const fixture: Document[] = [
  { _id: 1, name: "alice", age: 30, tags: ["a", "b"], scores: [80, 95], address: { city: "Paris", zip: "75001" },
    items: [{ sku: "x", qty: 2 }, { sku: "y", qty: 10 }], nick: null },
  { _id: 2, name: "bob", age: 25, tags: ["b"], scores: [60], address: { city: "Lyon" }, items: [{ sku: "x", qty: 20 }] },
  { _id: 3, name: "carol", age: 35, tags: [], scores: [], items: [], email: "c@x.org" },
  { _id: 4, name: "dave", age: "40", tags: ["a", "c", "d"], address: { city: "Paris" } },
  { _id: 5, name: "Eve", tags: "a" },
];

async function ids(filter: Filter<Loose>): Promise<unknown[]> {
  const docs = await people().find(filter).sort({ _id: 1 }).toArray();
  return docs.map((d) => d._id);
}

beforeAll(async () => {
  await people().insertMany(fixture);
});

describe("query operators", () => {
  it.each<[string, Filter<Loose>, number[]]>([
    ["implicit $eq", { age: 30 }, [1]],
    ["$eq", { age: { $eq: 30 } }, [1]],
    ["$ne includes missing fields", { age: { $ne: 30 } }, [2, 3, 4, 5]],
    ["$gt does not cross types", { age: { $gt: 25 } }, [1, 3]],
    ["$gte", { age: { $gte: 25 } }, [1, 2, 3]],
    ["$lt", { age: { $lt: 30 } }, [2]],
    ["$lte", { age: { $lte: 30 } }, [1, 2]],
    ["$in with mixed types", { age: { $in: [25, "40"] } }, [2, 4]],
    ["$in with a regex", { name: { $in: [/^a/, "bob"] } }, [1, 2]],
    ["$nin includes missing fields", { age: { $nin: [25, 30] } }, [3, 4, 5]],
    ["$and", { $and: [{ age: { $gte: 25 } }, { age: { $lt: 35 } }] }, [1, 2]],
    ["_id $in with another condition", { _id: { $in: [3, 1, 2, 9] }, age: { $gte: 30 } }, [1, 3]],
    ["_id $in with a numeric type mix", { _id: { $in: [new Double(1), Long.fromInt(2)] as unknown as number[] } }, [1, 2]],
    ["top-level _id contradicted inside $and", { _id: 1, $and: [{ _id: 2 }] }, []],
    ["_id inside $and and a top-level _id $in", { $and: [{ _id: { $in: [2, 3] } }], _id: { $in: [1, 2] } }, [2]],
    ["$or", { $or: [{ name: "bob" }, { "address.city": "Lyon" }, { age: 35 }] }, [2, 3]],
    ["$nor", { $nor: [{ age: 30 }, { tags: "b" }] }, [3, 4, 5]],
    ["$not", { age: { $not: { $gt: 26 } } }, [2, 4, 5]],
    ["$exists true", { email: { $exists: true } }, [3]],
    ["$exists false", { address: { $exists: false } }, [3, 5]],
    ["null matches null and missing", { nick: null }, [1, 2, 3, 4, 5]],
    ["$exists on a null field", { nick: { $exists: true } }, [1]],
    ["$type null", { nick: { $type: "null" } }, [1]],
    ["$type string", { age: { $type: "string" } }, [4]],
    ["$type number", { age: { $type: "number" } }, [1, 2, 3]],
    ["$type int by code", { age: { $type: 16 } }, [1, 2, 3]],
    ["$type array", { tags: { $type: "array" } }, [1, 2, 3, 4]],
    ["$regex string", { name: { $regex: "^a" } }, [1]],
    ["$regex literal with flag", { name: /^e/i }, [5]],
    ["$regex with $options", { name: { $regex: "O", $options: "i" } }, [2, 3]],
    ["$elemMatch on documents", { items: { $elemMatch: { sku: "x", qty: { $gt: 5 } } } }, [2]],
    ["dotted conditions may match different elements", { "items.sku": "x", "items.qty": { $gt: 5 } }, [1, 2]],
    ["$elemMatch on scalars", { scores: { $elemMatch: { $gte: 90 } } }, [1]],
    ["$size 1", { tags: { $size: 1 } }, [2]],
    ["$size 0", { tags: { $size: 0 } }, [3]],
    ["$all", { tags: { $all: ["a", "b"] } }, [1]],
    ["$all matches a scalar field", { tags: { $all: ["a"] } }, [1, 4, 5]],
    ["dotted path into a subdocument", { "address.city": "Paris" }, [1, 4]],
    ["dotted path through an array", { "items.qty": 20 }, [2]],
    ["array index in a path", { "items.0.sku": "x" }, [1, 2]],
    ["numeric array index", { "scores.1": 95 }, [1]],
    ["scalar matches an array element", { tags: "b" }, [1, 2]],
    ["whole-array equality", { tags: ["b"] }, [2]],
    ["array equality is ordered", { tags: ["b", "a"] }, []],
    ["range on array elements", { scores: { $gt: 70, $lt: 85 } }, [1]],
    ["range across elements needs one element each", { scores: { $gt: 90, $lt: 70 } }, []],
    ["embedded document equality is exact", { address: { city: "Paris" } }, [4]],
    ["embedded document equality is field-ordered", { address: { zip: "75001", city: "Paris" } }, []],
    ["$ne on an array field excludes arrays containing the value", { tags: { $ne: "b" } }, [3, 4, 5]],
    ["$in with null matches missing fields", { email: { $in: [null, "zzz"] } }, [1, 2, 4, 5]],
    ["$not with a regex", { name: { $not: /^[a-c]/ } }, [4, 5]],
    ["regex matches array elements", { tags: /^c/ }, [4]],
    ["$exists through an array of documents", { "items.sku": { $exists: true } }, [1, 2]],
    ["$size on a non-array never matches", { name: { $size: 5 } }, []],
    ["$mod", { age: { $mod: [10, 5] } }, [2, 3]],
    ["$expr compares across BSON types", { $expr: { $gt: ["$age", 26] } }, [1, 3, 4]],
    ["$all of $elemMatch clauses", { items: { $all: [{ $elemMatch: { sku: "x" } }, { $elemMatch: { qty: 10 } }] } }, [1]],
    ["dotted range may use different array elements", { "items.qty": { $gt: 5, $lt: 15 } }, [1]],
    ["$or with an _id branch", { $or: [{ _id: 5 }, { age: { $lt: 26 } }] }, [2, 5]],
  ])("%s", async (_name, filter, expected) => {
    expect(await ids(filter)).toEqual(expected);
  });

  it("rejects an unknown operator with BadValue", async () => {
    await expect(people().find({ age: { $foo: 1 } } as Filter<Loose>).toArray()).rejects.toMatchObject({ code: 2 });
  });
});

describe("sorting and projection", () => {
  it("sorts missing first, then numbers, then strings", async () => {
    const docs = await people().find({}, { projection: { _id: 1 } }).sort({ age: 1 }).toArray();
    expect(docs.map((d) => d._id)).toEqual([5, 2, 1, 3, 4]);
  });

  it("sorts arrays by their largest element when descending", async () => {
    const docs = await people().find({ _id: { $in: [1, 2] } }).sort({ scores: -1 }).toArray();
    expect(docs.map((d) => d._id)).toEqual([1, 2]);
  });

  it("projects dotted paths, $slice, $elemMatch and positional $", async () => {
    expect(await people().findOne({ _id: 1 }, { projection: { "address.city": 1, _id: 0 } }))
      .toEqual({ address: { city: "Paris" } });
    expect(await people().findOne({ _id: 1 }, { projection: { scores: { $slice: 1 }, name: 1 } }))
      .toEqual({ _id: 1, name: "alice", scores: [80] });
    expect(await people().findOne({ _id: 1 }, { projection: { items: { $elemMatch: { qty: { $gt: 5 } } } } }))
      .toEqual({ _id: 1, items: [{ sku: "y", qty: 10 }] });
    expect(await people().findOne({ "items.sku": "y" }, { projection: { "items.$": 1 } }))
      .toEqual({ _id: 1, items: [{ sku: "y", qty: 10 }] });
  });
});
