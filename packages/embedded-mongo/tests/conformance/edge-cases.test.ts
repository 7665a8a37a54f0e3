import { describe, expect, it } from "vitest";
import { Long, ObjectId } from "mongodb";
import { useDb } from "../support/target";

const h = useDb("edges");

describe("identity and namespaces", () => {
  it("numerically equal _ids of different types collide; field order makes document _ids distinct", async () => {
    const c = h.db.collection<{ _id: number | Long | Record<string, number> }>("ids");
    await c.insertOne({ _id: 5 });
    await expect(c.insertOne({ _id: Long.fromNumber(5) })).rejects.toMatchObject({ code: 11000 });
    await expect(c.insertOne({ _id: 5.0 })).rejects.toMatchObject({ code: 11000 });
    await c.insertMany([{ _id: { a: 1, b: 2 } }, { _id: { b: 2, a: 1 } }]);
    expect(await c.countDocuments()).toBe(3);
    expect(await c.findOne({ _id: { b: 2, a: 1 } })).toEqual({ _id: { b: 2, a: 1 } });
  });

  it("the server adds an ObjectId _id when a raw insert has none", async () => {
    await h.db.command({ insert: "raw", documents: [{ a: 1 }] });
    const doc = await h.coll("raw").findOne({ a: 1 });
    expect(doc?._id).toBeInstanceOf(ObjectId);
  });

  it("collection names may contain dots; databases are isolated", async () => {
    await h.coll("sub.coll").insertOne({ x: 1 });
    const other = h.client.db(`${h.target.dbName}_x`);
    await other.collection("sub.coll").insertOne({ x: 2 });
    expect(await h.coll("sub.coll").find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ x: 1 }]);
    await other.dropDatabase();
    expect(await h.coll("sub.coll").countDocuments()).toBe(1);
    const names = (await h.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).toContain("sub.coll");
  });

  it("reads of a missing collection are empty; listIndexes on it is NamespaceNotFound (26)", async () => {
    const c = h.coll("nothing_here");
    expect(await c.find({}).toArray()).toEqual([]);
    expect(await c.countDocuments()).toBe(0);
    expect(await c.distinct("a")).toEqual([]);
    expect(await c.aggregate([{ $match: {} }]).toArray()).toEqual([]);
    expect((await c.deleteMany({})).deletedCount).toBe(0);
    await expect(h.db.command({ listIndexes: "nothing_here" })).rejects.toMatchObject({ code: 26 });
  });

  it("dropIndexes '*' keeps only _id_", async () => {
    const c = h.coll("dropall");
    await c.createIndexes([{ key: { a: 1 } }, { key: { b: 1 }, unique: true }]);
    await c.dropIndexes();
    expect((await c.listIndexes().toArray() as { name: string }[]).map((i) => i.name)).toEqual(["_id_"]);
  });
});

describe("cursors under writes and large results", () => {
  it("a cursor sees each document at most once while documents are updated and deleted", async () => {
    const c = h.db.collection<{ _id: number; n: number; pad: string }>("moving");
    await c.insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: i, n: 0, pad: "p".repeat(i * 10) })));
    const cursor = c.find({}).batchSize(10);
    const seen: unknown[] = [];
    for await (const doc of cursor) {
      seen.push(doc._id);
      if (seen.length === 10) {
        await c.updateMany({}, { $inc: { n: 1 }, $set: { pad: "grown".repeat(200) } });
        await c.deleteMany({ _id: { $gte: 90 } });
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(90);
    expect(seen.length).toBeLessThanOrEqual(100);
  });

  it("splits results larger than 16 MB into several batches", async () => {
    const c = h.coll("large");
    const mb = "m".repeat(1024 * 1024);
    for (let i = 0; i < 40; i += 8) await c.insertMany(Array.from({ length: 8 }, (_, j) => ({ _id: i + j, mb })));
    const ids = (await c.find({}, { projection: { _id: 1, mb: 1 } }).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const agg = await c.aggregate([{ $match: {} }, { $sort: { _id: -1 } }]).toArray();
    expect(agg).toHaveLength(40);
    await c.drop();
  });
});
