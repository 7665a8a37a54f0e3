import { describe, expect, it } from "vitest";
import { ObjectId } from "mongodb";
import { useDb } from "../support/target";

const h = useDb("upserts");

describe("upserts", () => {
  it("seeds the new document from filter equalities and applies $setOnInsert only on insert", async () => {
    const c = h.coll("up1");
    const filter = { name: "x", "meta.kind": "k", level: { $eq: 3 }, age: { $gt: 5 } };
    const first = await c.updateOne(filter, { $set: { v: 1 }, $setOnInsert: { created: true } }, { upsert: true });
    expect(first).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
    expect(first.upsertedId).toBeInstanceOf(ObjectId);
    const doc = await c.findOne({ _id: first.upsertedId ?? undefined });
    expect(doc).toEqual({ _id: first.upsertedId, name: "x", meta: { kind: "k" }, level: 3, v: 1, created: true });

    const second = await c.updateOne({ name: "x" }, { $set: { v: 2 }, $setOnInsert: { created: false } }, { upsert: true });
    expect(second).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    expect(await c.findOne({ name: "x" })).toMatchObject({ v: 2, created: true });
    expect(await c.countDocuments()).toBe(1);
  });

  it("uses the filter's _id and $and equalities", async () => {
    const c = h.db.collection<{ _id: number; a?: number; b?: number; n?: number }>("up2");
    const r = await c.updateOne({ _id: 42, $and: [{ a: 1 }, { b: 2 }] }, { $inc: { n: 1 } }, { upsert: true });
    expect(r.upsertedId).toBe(42);
    expect(await c.findOne({})).toEqual({ _id: 42, a: 1, b: 2, n: 1 });
  });

  it("replaceOne upsert takes only _id from the filter", async () => {
    const c = h.coll("up3");
    const r = await c.replaceOne({ k: 1 }, { v: 2 }, { upsert: true });
    expect(r.upsertedCount).toBe(1);
    expect(await c.findOne({})).toEqual({ _id: r.upsertedId, v: 2 });
  });

  it("updateMany upsert inserts exactly one document", async () => {
    const c = h.coll("up4");
    const r = await c.updateMany({ tag: "t" }, { $set: { seen: true } }, { upsert: true });
    expect(r.upsertedCount).toBe(1);
    expect(await c.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ tag: "t", seen: true }]);
  });
});

describe("findOneAndUpdate / findOneAndDelete / findOneAndReplace", () => {
  const seeded = async (name: string) => {
    const c = h.db.collection<{ _id: number; n: number; g: string }>(name);
    await c.insertMany([{ _id: 1, n: 10, g: "a" }, { _id: 2, n: 30, g: "a" }, { _id: 3, n: 20, g: "b" }]);
    return c;
  };

  it("returns the document before or after, honouring sort and projection", async () => {
    const c = await seeded("fam1");
    const before = await c.findOneAndUpdate({ g: "a" }, { $inc: { n: 1 } }, { sort: { n: -1 }, returnDocument: "before" });
    expect(before).toEqual({ _id: 2, n: 30, g: "a" });
    const after = await c.findOneAndUpdate({ g: "a" }, { $inc: { n: 1 } },
      { sort: { n: 1 }, returnDocument: "after", projection: { n: 1, _id: 0 } });
    expect(after).toEqual({ n: 11 });
    expect(await c.findOneAndUpdate({ g: "zzz" }, { $set: { n: 0 } })).toBeNull();
  });

  it("reports metadata when asked and upserts", async () => {
    const c = await seeded("fam2");
    const meta = await c.findOneAndUpdate({ _id: 1 }, { $set: { n: 0 } }, { includeResultMetadata: true });
    expect(meta).toMatchObject({ ok: 1, value: { _id: 1, n: 10 }, lastErrorObject: { n: 1, updatedExisting: true } });
    const up = await c.findOneAndUpdate({ _id: 9 }, { $set: { n: 9, g: "c" } }, { upsert: true, returnDocument: "after" });
    expect(up).toEqual({ _id: 9, n: 9, g: "c" });
    const upBefore = await c.findOneAndUpdate({ _id: 10 }, { $set: { n: 10 } }, { upsert: true, returnDocument: "before" });
    expect(upBefore).toBeNull();
    expect(await c.countDocuments()).toBe(5);
  });

  it("findOneAndDelete removes the first document in sort order", async () => {
    const c = await seeded("fam3");
    expect(await c.findOneAndDelete({}, { sort: { n: -1 } })).toEqual({ _id: 2, n: 30, g: "a" });
    expect(await c.countDocuments()).toBe(2);
    expect(await c.findOneAndDelete({ g: "none" })).toBeNull();
  });

  it("findOneAndReplace keeps _id and returns the replacement", async () => {
    const c = await seeded("fam4");
    const after = await c.findOneAndReplace({ _id: 3 }, { n: 0, g: "z" }, { returnDocument: "after" });
    expect(after).toEqual({ _id: 3, n: 0, g: "z" });
    const before = await c.findOneAndReplace({ g: "z" }, { n: 1, g: "y" });
    expect(before).toEqual({ _id: 3, n: 0, g: "z" });
  });
});
