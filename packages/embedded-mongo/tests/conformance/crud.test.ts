import { describe, expect, it } from "vitest";
import { ObjectId } from "mongodb";
import { useDb } from "../support/target";

interface Item { _id: number; n: number; group: number; name: string }

const h = useDb("crud");
const items = () => h.db.collection<Item>("items");
const seed = Array.from({ length: 20 }, (_, i): Item => ({ _id: i, n: i, group: i % 3, name: `n${i}` }));

describe("CRUD through the mongodb driver", () => {
  it("insertOne assigns an ObjectId and insertMany reports every id", async () => {
    const c = h.coll("ins");
    const one = await c.insertOne({ a: 1 });
    expect(one.acknowledged).toBe(true);
    expect(one.insertedId).toBeInstanceOf(ObjectId);
    const many = await c.insertMany([{ a: 2 }, { a: 3 }, { a: 4 }]);
    expect(many.insertedCount).toBe(3);
    expect(Object.keys(many.insertedIds)).toEqual(["0", "1", "2"]);
    const back = await c.findOne({ _id: one.insertedId });
    expect(back).toEqual({ _id: one.insertedId, a: 1 });
    expect(await c.countDocuments()).toBe(4);
  });

  it("find applies filter, sort, projection, skip and limit together", async () => {
    await items().insertMany(seed);
    const docs = await items()
      .find({ group: 1 })
      .sort({ n: -1 })
      .skip(1)
      .limit(3)
      .project({ name: 1, _id: 0 })
      .toArray();
    expect(docs).toEqual([{ name: "n16" }, { name: "n13" }, { name: "n10" }]);
  });

  it("find with a compound sort and an exclusion projection", async () => {
    const docs = await items()
      .find({ n: { $lt: 6 } }, { projection: { name: 0 } })
      .sort({ group: 1, n: -1 })
      .toArray();
    expect(docs).toEqual([
      { _id: 3, n: 3, group: 0 }, { _id: 0, n: 0, group: 0 },
      { _id: 4, n: 4, group: 1 }, { _id: 1, n: 1, group: 1 },
      { _id: 5, n: 5, group: 2 }, { _id: 2, n: 2, group: 2 },
    ]);
  });

  it("findOne returns null when nothing matches", async () => {
    expect(await items().findOne({ n: 999 })).toBeNull();
  });

  it("updateOne and updateMany report matched and modified counts", async () => {
    const one = await items().updateOne({ _id: 1 }, { $set: { name: "first" } });
    expect(one).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    const noop = await items().updateOne({ _id: 1 }, { $set: { name: "first" } });
    expect(noop).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    const many = await items().updateMany({ group: 2 }, { $inc: { n: 100 } });
    expect(many).toMatchObject({ matchedCount: 6, modifiedCount: 6 });
    const none = await items().updateOne({ _id: 999 }, { $set: { name: "x" } });
    expect(none).toMatchObject({ matchedCount: 0, modifiedCount: 0 });
    expect(await items().countDocuments({ n: { $gte: 100 } })).toBe(6);
    expect((await items().findOne({ _id: 1 }))?.name).toBe("first");
  });

  it("replaceOne swaps the whole document but keeps _id", async () => {
    const r = await items().replaceOne({ _id: 4 }, { n: -4, group: 9, name: "replaced" });
    expect(r).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await items().findOne({ _id: 4 })).toEqual({ _id: 4, n: -4, group: 9, name: "replaced" });
  });

  it("bulkWrite mixes inserts, updates, upserts, replaces and deletes", async () => {
    const c = h.db.collection<{ _id: number; v: number }>("bulk");
    const r = await c.bulkWrite([
      { insertOne: { document: { _id: 1, v: 1 } } },
      { insertOne: { document: { _id: 2, v: 2 } } },
      { updateOne: { filter: { _id: 1 }, update: { $set: { v: 10 } } } },
      { updateOne: { filter: { _id: 3 }, update: { $set: { v: 3 } }, upsert: true } },
      { replaceOne: { filter: { _id: 2 }, replacement: { v: 20 } } },
      { deleteOne: { filter: { _id: 3 } } },
      { updateMany: { filter: {}, update: { $inc: { v: 1 } } } },
    ]);
    expect(r).toMatchObject({ insertedCount: 2, matchedCount: 4, modifiedCount: 4, deletedCount: 1, upsertedCount: 1 });
    expect(r.upsertedIds).toEqual({ 3: 3 });
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([{ _id: 1, v: 11 }, { _id: 2, v: 21 }]);
  });

  it("deleteOne and deleteMany report deleted counts", async () => {
    expect((await items().deleteOne({ group: 0 })).deletedCount).toBe(1);
    expect((await items().deleteMany({ group: 0 })).deletedCount).toBe(6);
    expect((await items().deleteMany({ group: 0 })).deletedCount).toBe(0);
    expect(await items().countDocuments()).toBe(13);
  });
});
