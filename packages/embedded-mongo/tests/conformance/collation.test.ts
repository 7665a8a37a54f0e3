import { beforeAll, describe, expect, it } from "vitest";
import { MongoServerError } from "mongodb";
import { useDb } from "../support/target";

/**
 * Collations `{ locale: "en", strength: 1 | 2 }` (accents and case ignored / case ignored) for
 * equality, sorting and unique indexes, as a query option, a collection default and an index option.
 */
const h = useDb("collation");
const people = () => h.coll("people");
const CI = { locale: "en", strength: 2 };
const BASE = { locale: "en", strength: 1 };

beforeAll(async () => {
  await people().insertMany([
    { _id: 1, name: "Zoë" },
    { _id: 2, name: "zoe" },
    { _id: 3, name: "ZOE" },
    { _id: 4, name: "alice" },
    { _id: 5, name: "Bob" },
    { _id: 6, name: "Émile" },
  ]);
});

const ids = async (cursor: Promise<{ _id?: unknown }[]>) => (await cursor).map((d) => d._id);

describe("equality", () => {
  it("simple (the default) compares code points", async () => {
    expect(await ids(people().find({ name: "zoe" }).toArray())).toEqual([2]);
  });

  it("strength 2 ignores case, not accents", async () => {
    expect(await ids(people().find({ name: "zoe" }, { collation: CI }).sort({ _id: 1 }).toArray())).toEqual([2, 3]);
    expect(await ids(people().find({ name: { $in: ["ZOË", "BOB"] } }, { collation: CI }).sort({ _id: 1 }).toArray())).toEqual([1, 5]);
  });

  it("strength 1 ignores case and accents", async () => {
    expect(await ids(people().find({ name: "zoe" }, { collation: BASE }).sort({ _id: 1 }).toArray())).toEqual([1, 2, 3]);
    expect(await people().countDocuments({ name: "emile" }, { collation: BASE })).toBe(1);
    expect(await people().countDocuments({ name: { $ne: "zoe" } }, { collation: BASE })).toBe(3);
  });

  it("applies to updates, deletes and findOneAndUpdate", async () => {
    const coll = h.coll("writes");
    await coll.insertMany([{ _id: 1, tag: "Red" }, { _id: 2, tag: "RED" }, { _id: 3, tag: "blue" }]);
    expect((await coll.updateMany({ tag: "red" }, { $set: { hit: true } }, { collation: CI })).modifiedCount).toBe(2);
    const found = await coll.findOneAndUpdate({ tag: "BLUE" }, { $set: { hit: true } }, { collation: CI, returnDocument: "after" });
    expect(found?._id).toBe(3);
    expect((await coll.deleteMany({ tag: "red" }, { collation: CI })).deletedCount).toBe(2);
  });

  it("applies to aggregate $match", async () => {
    const docs = await people().aggregate<{ _id: number }>([{ $match: { name: "ZOE" } }, { $sort: { _id: 1 } }], { collation: BASE }).toArray();
    expect(docs.map((d) => d._id)).toEqual([1, 2, 3]);
  });
});

describe("sort", () => {
  it("simple puts upper case before lower case; en sorts alphabetically", async () => {
    const simple = await people().find({ _id: { $in: [4, 5, 6] } }).sort({ name: 1 }).toArray();
    expect(simple.map((d) => d.name)).toEqual(["Bob", "alice", "Émile"]);
    const en = await people().find({ _id: { $in: [4, 5, 6] } }, { collation: CI }).sort({ name: 1 }).toArray();
    expect(en.map((d) => d.name)).toEqual(["alice", "Bob", "Émile"]);
  });
});

describe("unique indexes", () => {
  it("a case-insensitive unique index refuses a value differing only in case", async () => {
    const coll = h.coll("users");
    await coll.createIndex({ email: 1 }, { unique: true, collation: CI }, undefined);
    await coll.insertOne({ _id: 1, email: "Ann@Example.com" });
    const err = await coll.insertOne({ _id: 2, email: "ann@example.COM" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect((err as MongoServerError).code).toBe(11000);
    await coll.insertOne({ _id: 3, email: "änn@example.com" }); // strength 2: the accent makes it different
    expect(await coll.countDocuments({})).toBe(2);
  });

  it("a collection's default collation applies to its queries and to indexes created without one", async () => {
    await h.db.createCollection("tags", { collation: BASE });
    const coll = h.coll("tags");
    await coll.createIndex({ label: 1 }, { unique: true }, undefined);
    await coll.insertOne({ _id: 1, label: "Café" });
    const err = await coll.insertOne({ _id: 2, label: "cafe" }).catch((e: unknown) => e);
    expect((err as MongoServerError).code).toBe(11000);
    expect(await ids(coll.find({ label: "CAFE" }).toArray())).toEqual([1]);
    // An explicit simple collation on the query overrides the default.
    expect(await ids(coll.find({ label: "CAFE" }, { collation: { locale: "simple" } }).toArray())).toEqual([]);
  });
});
