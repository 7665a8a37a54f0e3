import { describe, expect, it } from "vitest";
import { type Collection, type Document, type IndexOptions, MongoBulkWriteError, MongoServerError } from "mongodb";
import type { Loose } from "../support/target";
import { useDb } from "../support/target";

const h = useDb("indexes");

const index = (c: Collection<Loose>, key: Document, opts: IndexOptions = {}) => c.createIndex(key, opts, undefined);
const indexNames = async (c: Collection<Loose>) => (await c.listIndexes().toArray() as Document[]).map((i) => i.name as string);

async function dupError(op: Promise<unknown>): Promise<MongoServerError> {
  const err: unknown = await op.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(MongoServerError);
  return err as MongoServerError;
}

function bulkError(err: unknown): { inserted: number; writeErrors: { index: number; code: number }[] } {
  expect(err).toBeInstanceOf(MongoBulkWriteError);
  const e = err as MongoBulkWriteError;
  return { inserted: e.insertedCount, writeErrors: [e.writeErrors].flat().map((w) => ({ index: w.index, code: w.code })) };
}

describe("index management", () => {
  it("creates single, compound, unique, sparse and partial indexes and lists them", async () => {
    const c = h.coll("users");
    expect(await index(c, { email: 1 }, { unique: true })).toBe("email_1");
    expect(await index(c, { a: 1, b: -1 })).toBe("a_1_b_-1");
    expect(await index(c, { nick: 1 }, { unique: true, sparse: true })).toBe("nick_1");
    expect(await index(c, { code: 1 }, { name: "code_active", unique: true, partialFilterExpression: { active: true } }))
      .toBe("code_active");
    expect(await index(c, { email: 1 }, { unique: true })).toBe("email_1");
    const list = await c.listIndexes().toArray() as Document[];
    const byName = new Map(list.map((i) => [i.name as string, i]));
    expect([...byName.keys()].sort()).toEqual(["_id_", "a_1_b_-1", "code_active", "email_1", "nick_1"]);
    expect(byName.get("_id_")).toEqual({ v: 2, key: { _id: 1 }, name: "_id_" });
    expect(byName.get("email_1")).toEqual({ v: 2, key: { email: 1 }, name: "email_1", unique: true });
    expect(byName.get("a_1_b_-1")).toEqual({ v: 2, key: { a: 1, b: -1 }, name: "a_1_b_-1" });
    expect(byName.get("nick_1")).toMatchObject({ key: { nick: 1 }, unique: true, sparse: true });
    expect(byName.get("code_active")).toMatchObject({ key: { code: 1 }, unique: true, partialFilterExpression: { active: true } });
  });

  it("rejects conflicting index definitions", async () => {
    const c = h.coll("conflicts");
    await index(c, { k: 1 });
    await expect(index(c, { k: 1 }, { name: "other_name" })).rejects.toMatchObject({ code: 85 });
    const sameName = await index(c, { k: 1 }, { unique: true }).then(() => null, (e: unknown) => e as MongoServerError);
    expect([85, 86]).toContain(sameName?.code);
    await expect(index(c, { j: 1 }, { name: "k_1" })).rejects.toMatchObject({ code: 86 });
    expect(await indexNames(c)).toEqual(["_id_", "k_1"]);
  });

  it("dropIndex removes an index; dropping a missing one is IndexNotFound (27)", async () => {
    const c = h.coll("users");
    await c.dropIndex("a_1_b_-1");
    expect(await indexNames(c)).not.toContain("a_1_b_-1");
    await expect(c.dropIndex("a_1_b_-1")).rejects.toMatchObject({ code: 27 });
  });
});

describe("unique violations", () => {
  it("insert reports code 11000, keyPattern, keyValue and the mongod errmsg", async () => {
    const c = h.coll("users");
    await c.insertOne({ _id: 1, email: "a@x.io", active: true, code: "A" });
    const err = await dupError(c.insertOne({ _id: 2, email: "a@x.io" }));
    expect(err.code).toBe(11000);
    expect(err.keyPattern).toEqual({ email: 1 });
    expect(err.keyValue).toEqual({ email: "a@x.io" });
    expect(err.message).toBe(
      `E11000 duplicate key error collection: ${h.target.dbName}.users index: email_1 dup key: { email: "a@x.io" }`);
    const idErr = await dupError(c.insertOne({ _id: 1, email: "other@x.io" }));
    expect(idErr.message).toBe(`E11000 duplicate key error collection: ${h.target.dbName}.users index: _id_ dup key: { _id: 1 }`);
    expect(await c.countDocuments()).toBe(1);
  });

  it("update and upsert violations leave the data unchanged", async () => {
    const c = h.coll("users");
    await c.insertOne({ _id: 3, email: "b@x.io" });
    const upd = await dupError(c.updateOne({ _id: 3 }, { $set: { email: "a@x.io", touched: true } }));
    expect(upd.code).toBe(11000);
    expect(await c.findOne({ _id: 3 })).toEqual({ _id: 3, email: "b@x.io" });
    const ups = await dupError(c.updateOne({ _id: 4 }, { $set: { email: "b@x.io" } }, { upsert: true }));
    expect(ups.code).toBe(11000);
    expect(await c.findOne({ _id: 4 })).toBeNull();
    expect(await c.countDocuments()).toBe(2);
  });

  it("sparse and partial unique indexes only constrain the documents they cover", async () => {
    const c = h.coll("users");
    await c.insertMany([{ email: "s1@x.io" }, { email: "s2@x.io" }]);
    await c.insertOne({ email: "n1@x.io", nick: "neo" });
    expect((await dupError(c.insertOne({ email: "n2@x.io", nick: "neo" }))).code).toBe(11000);
    await c.insertMany([{ email: "p1@x.io", code: "A", active: false }, { email: "p2@x.io", code: "A" }]);
    const err = await dupError(c.insertOne({ email: "p3@x.io", code: "A", active: true }));
    expect(err.keyValue).toEqual({ code: "A" });
  });

  it("a compound unique index compares whole key tuples", async () => {
    const c = h.coll("pairs");
    await index(c, { a: 1, b: 1 }, { unique: true });
    await c.insertMany([{ a: 1, b: 1 }, { a: 1, b: 2 }, { a: 2, b: 1 }]);
    const err = await dupError(c.insertOne({ a: 1, b: 2 }));
    expect(err.keyPattern).toEqual({ a: 1, b: 1 });
    expect(err.keyValue).toEqual({ a: 1, b: 2 });
  });

  it("building a unique index over duplicates fails with 11000", async () => {
    const c = h.coll("dups");
    await c.insertMany([{ k: 1 }, { k: 1 }]);
    await expect(index(c, { k: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect(await indexNames(c)).toEqual(["_id_"]);
  });

  it("ordered insertMany stops at the first duplicate, unordered continues", async () => {
    const c = h.coll("bulk");
    await index(c, { k: 1 }, { unique: true });
    const docs = () => [{ k: "a" }, { k: "a" }, { k: "b" }, { k: "b" }, { k: "c" }];
    const ordered = bulkError(await c.insertMany(docs()).catch((e: unknown) => e));
    expect(ordered).toEqual({ inserted: 1, writeErrors: [{ index: 1, code: 11000 }] });
    expect(await c.countDocuments()).toBe(1);
    await c.deleteMany({});
    const unordered = bulkError(await c.insertMany(docs(), { ordered: false }).catch((e: unknown) => e));
    expect(unordered).toEqual({ inserted: 3, writeErrors: [{ index: 1, code: 11000 }, { index: 3, code: 11000 }] });
    expect((await c.find({}).sort({ k: 1 }).toArray()).map((d) => d.k as string)).toEqual(["a", "b", "c"]);
  });
});
