import { beforeEach, describe, expect, it } from "vitest";
import { Binary, DBRef, type Document, ObjectId } from "mongodb";
import mongoose, { Schema } from "mongoose";
import { useDb } from "../support/target";

/**
 * Issue 17, "fidelity round 2": behaviours where the engine once answered differently from
 * MongoDB 7.0. Every expectation here is MongoDB's documented behaviour.
 */
const h = useDb("fidelity2");
/** Update documents the driver's schema typing cannot express for schemaless test collections. */
const update = (u: Document): Document => u;

describe("several positional paths into one array", () => {
  const posts = () => h.coll("posts");
  beforeEach(async () => {
    await posts().deleteMany({});
    await posts().insertOne({
      _id: 1,
      comments: [
        { body: "first", tags: [] },
        { body: "second", tags: ["t"] },
      ],
    });
  });
  const comments = async () => ((await posts().findOne({ _id: 1 }))?.comments ?? []) as Document[];

  it("applies two $set paths under the same positional $", async () => {
    const res = await posts().updateOne({ _id: 1, "comments.body": "second" }, { $set: { "comments.$.title": "T", "comments.$.n": 7 } });
    expect(res.modifiedCount).toBe(1);
    expect(await comments()).toEqual([
      { body: "first", tags: [] },
      { body: "second", tags: ["t"], title: "T", n: 7 },
    ]);
  });

  it("applies two paths under $[]", async () => {
    await posts().updateOne({ _id: 1 }, { $set: { "comments.$[].seen": true, "comments.$[].n": 0 } });
    expect((await comments()).map((c) => [c.seen as unknown, c.n as unknown])).toEqual([[true, 0], [true, 0]]);
  });

  it("applies two paths under one array filter identifier", async () => {
    await posts().updateOne(
      { _id: 1 },
      { $set: { "comments.$[c].title": "F", "comments.$[c].n": 3 } },
      { arrayFilters: [{ "c.body": "first" }] },
    );
    const [first, second] = await comments();
    expect(first).toMatchObject({ body: "first", title: "F", n: 3 });
    expect(second).not.toHaveProperty("title");
  });

  it("mixes $set with $inc and $addToSet on sibling positional paths", async () => {
    await posts().updateOne(
      { _id: 1, "comments.body": "second" },
      update({ $set: { "comments.$.title": "S" }, $inc: { "comments.$.n": 2 }, $addToSet: { "comments.$.tags": "u" } }),
    );
    expect((await comments())[1]).toEqual({ body: "second", tags: ["t", "u"], title: "S", n: 2 });
  });

  it("resolves $ from an array condition inside $and or $or", async () => {
    await posts().updateOne({ $and: [{ _id: 1 }, { "comments.body": "second" }] }, { $set: { "comments.$.a": 1, "comments.$.b": 2 } });
    await posts().updateOne({ _id: 1, $or: [{ "comments.body": "nope" }, { "comments.body": "first" }] }, { $set: { "comments.$.c": 3 } });
    const [first, second] = await comments();
    expect(first).toMatchObject({ body: "first", c: 3 });
    expect(second).toMatchObject({ body: "second", a: 1, b: 2 });
  });

  it("still refuses the same positional path under two operators (code 40)", async () => {
    await expect(
      posts().updateOne({ _id: 1, "comments.body": "first" }, update({ $set: { "comments.$.n": 1 }, $inc: { "comments.$.n": 1 } })),
    ).rejects.toMatchObject({ code: 40 });
  });

  it("still refuses a positional path next to its own prefix (code 40)", async () => {
    await expect(
      posts().updateOne({ _id: 1, "comments.body": "first" }, { $set: { "comments.$.meta": {}, "comments.$.meta.x": 1 } }),
    ).rejects.toMatchObject({ code: 40 });
    await expect(posts().updateOne({ _id: 1 }, { $set: { "x.y": 1, "x.y.z": 2 } })).rejects.toMatchObject({ code: 40 });
  });
});

describe("$pull with logical conditions", () => {
  const bands = () => h.coll("bands");
  beforeEach(async () => {
    await bands().deleteMany({});
    await bands().insertOne({
      _id: 1,
      members: [
        { name: "Ann", plays: "drums" },
        { name: "Bo", plays: "bass" },
        { name: "Cy", plays: "keys" },
      ],
    });
  });
  const names = async () => (((await bands().findOne({ _id: 1 }))?.members ?? []) as Document[]).map((m) => m.name as string);

  it("removes the elements matching an $or", async () => {
    const res = await bands().updateOne({ _id: 1 }, update({ $pull: { members: { $or: [{ name: "Ann" }, { plays: "keys" }] } } }));
    expect(res.modifiedCount).toBe(1);
    expect(await names()).toEqual(["Bo"]);
  });

  it("removes the elements matching an $and", async () => {
    await bands().updateOne({ _id: 1 }, update({ $pull: { members: { $and: [{ name: "Bo" }, { plays: "bass" }] } } }));
    expect(await names()).toEqual(["Ann", "Cy"]);
  });

  it("removes an element matching a single-branch $or, as mongoose's arr.pull sends it", async () => {
    await bands().updateOne({ _id: 1 }, update({ $pull: { members: { $or: [{ name: "Cy" }] } } }));
    expect(await names()).toEqual(["Ann", "Bo"]);
  });
});

describe("$slice and $elemMatch projections", () => {
  const lists = () => h.coll("lists");
  beforeEach(async () => {
    await lists().deleteMany({});
    await lists().insertOne({ _id: 1, a: "keep", b: [10, 20, 30], c: "also", nums: [1, 5, 7] });
  });
  const one = (projection: Document) => lists().findOne({ _id: 1 }, { projection });

  it("a projection made only of $slice returns every field, the array sliced", async () => {
    expect(await one({ b: { $slice: 1 } })).toEqual({ _id: 1, a: "keep", b: [10], c: "also", nums: [1, 5, 7] });
    expect(await one({ b: { $slice: -2 } })).toEqual({ _id: 1, a: "keep", b: [20, 30], c: "also", nums: [1, 5, 7] });
    expect(await one({ b: { $slice: [1, 1] } })).toEqual({ _id: 1, a: "keep", b: [20], c: "also", nums: [1, 5, 7] });
  });

  it("$slice combines with exclusions", async () => {
    expect(await one({ c: 0, nums: 0, b: { $slice: 1 } })).toEqual({ _id: 1, a: "keep", b: [10] });
    expect(await one({ _id: 0, b: { $slice: -1 } })).toEqual({ a: "keep", b: [30], c: "also", nums: [1, 5, 7] });
  });

  it("$slice next to an inclusion returns only the included fields", async () => {
    expect(await one({ a: 1, b: { $slice: 2 } })).toEqual({ _id: 1, a: "keep", b: [10, 20] });
  });

  it("findOneAndUpdate applies a $slice-only projection", async () => {
    const doc = await lists().findOneAndUpdate({ _id: 1 }, { $set: { d: 1 } }, { projection: { b: { $slice: 1 } }, returnDocument: "after" });
    expect(doc).toEqual({ _id: 1, a: "keep", b: [10], c: "also", nums: [1, 5, 7], d: 1 });
  });

  it("$elemMatch on an array of scalars returns the first matching element", async () => {
    expect(await one({ nums: { $elemMatch: { $gte: 4 } } })).toEqual({ _id: 1, nums: [5] });
    expect(await one({ nums: { $elemMatch: { $gt: 100 } } })).toEqual({ _id: 1 });
  });

  it("findOneAndUpdate applies an $elemMatch projection on scalars", async () => {
    const doc = await lists().findOneAndUpdate({ _id: 1 }, update({ $push: { nums: 9 } }), { projection: { nums: { $elemMatch: { $gt: 6 } } }, returnDocument: "after" });
    expect(doc).toEqual({ _id: 1, nums: [7] });
  });
});

describe("_id stays the first field", () => {
  const people = () => h.coll("people");
  beforeEach(async () => {
    await people().deleteMany({});
    await people().insertOne({ _id: 1, name: "n", age: 3, city: "c" });
  });

  it("in find projections", async () => {
    expect(Object.keys((await people().findOne({}, { projection: { name: 1 } })) ?? {})).toEqual(["_id", "name"]);
    expect(Object.keys((await people().findOne({}, { projection: { age: 1, _id: 1 } })) ?? {})).toEqual(["_id", "age"]);
    expect(Object.keys((await people().findOne({}, { projection: { age: 0 } })) ?? {})).toEqual(["_id", "name", "city"]);
  });

  it("in $project", async () => {
    const [doc] = await people().aggregate([{ $project: { city: 1 } }]).toArray();
    expect(Object.keys(doc ?? {})).toEqual(["_id", "city"]);
    const [computed] = await people().aggregate([{ $project: { label: { $concat: ["$name", "!"] }, _id: 1 } }]).toArray();
    expect(computed).toEqual({ _id: 1, label: "n!" });
    expect(Object.keys(computed ?? {})).toEqual(["_id", "label"]);
  });
});

describe("$all with regular expressions", () => {
  const tagged = () => h.coll("tagged");
  beforeEach(async () => {
    await tagged().deleteMany({});
    await tagged().insertMany([
      { _id: 1, tags: ["apple", "kiwi"] },
      { _id: 2, tags: ["banana"] },
      { _id: 3, tags: "avocado" },
    ]);
  });
  const ids = async (filter: Document) => (await tagged().find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);

  it("matches arrays holding an element that matches each expression", async () => {
    expect(await ids({ tags: { $all: [/^a/] } })).toEqual([1, 3]);
    expect(await ids({ tags: { $all: [/^a/, "kiwi"] } })).toEqual([1]);
    expect(await ids({ tags: { $all: [/^a/, /^b/] } })).toEqual([]);
  });
});

describe("BinData", () => {
  const bins = () => h.coll("bins");
  const bin = (bytes: number[], subtype = 0) => new Binary(Buffer.from(bytes), subtype);
  beforeEach(async () => {
    await bins().deleteMany({});
    await bins().insertMany([
      { _id: 1, b: bin([1, 2]) },
      { _id: 2, b: bin([1, 2, 3]) },
      { _id: 3, b: bin([1, 2], 0x80) },
      { _id: 4, b: bin([9]) },
      { _id: 5, b: bin([0, 3]) },
    ]);
  });
  const ids = async (filter: Document) => (await bins().find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);

  it("orders by length, then subtype, then bytes in range queries", async () => {
    expect(await ids({ b: { $gt: bin([1, 2]) } })).toEqual([2, 3]);
    expect(await ids({ b: { $lt: bin([1, 2]) } })).toEqual([4, 5]);
    expect(await ids({ b: { $gte: bin([9]), $lte: bin([0, 0], 0x80) } })).toEqual([1, 4, 5]);
  });

  it("$set of the same bytes with another subtype is a modification", async () => {
    const res = await bins().updateOne({ _id: 1 }, { $set: { b: bin([1, 2], 0x80) } });
    expect(res.modifiedCount).toBe(1);
    const doc = await bins().findOne({ _id: 1 });
    expect((doc?.b as Binary).sub_type).toBe(0x80);
    const same = await bins().updateOne({ _id: 1 }, { $set: { b: bin([1, 2], 0x80) } });
    expect(same.modifiedCount).toBe(0);
  });

  describe("bitwise query operators", () => {
    beforeEach(async () => {
      await bins().deleteMany({});
      // 0x66 = 0b01100110: bits 1, 2, 5, 6 set; [0x00, 0x01]: only bit 8 set.
      await bins().insertMany([{ _id: 1, f: bin([0x66]) }, { _id: 2, f: bin([0x00, 0x01]) }, { _id: 3, f: 6 }]);
    });

    it("$bitsAllSet with positions, a number and a BinData mask", async () => {
      expect(await ids({ f: { $bitsAllSet: [1, 5] } })).toEqual([1]);
      expect(await ids({ f: { $bitsAllSet: [8] } })).toEqual([2]);
      expect(await ids({ f: { $bitsAllSet: 6 } })).toEqual([1, 3]);
      expect(await ids({ f: { $bitsAllSet: bin([0x06]) } })).toEqual([1, 3]);
    });

    it("$bitsAnySet", async () => {
      expect(await ids({ f: { $bitsAnySet: [0, 8] } })).toEqual([2]);
      expect(await ids({ f: { $bitsAnySet: [6, 30] } })).toEqual([1]);
    });

    it("$bitsAllClear and $bitsAnyClear", async () => {
      expect(await ids({ f: { $bitsAllClear: [0, 3] } })).toEqual([1, 2, 3]);
      expect(await ids({ f: { $bitsAllClear: [1] } })).toEqual([2]);
      expect(await ids({ f: { $bitsAnyClear: [1, 2] } })).toEqual([2]);
      expect(await ids({ f: { $bitsAnyClear: [40] } })).toEqual([1, 2, 3]);
    });
  });
});

describe("a field path through an array of documents", () => {
  const threads = () => h.coll("threads");
  beforeEach(async () => {
    await threads().deleteMany({});
    await threads().insertOne({ _id: 1, comments: [{ body: "a" }], empty: [] });
  });

  it("$set refuses to create a named field inside an array (code 28 PathNotViable)", async () => {
    const err = await threads().updateOne({ _id: 1 }, { $set: { "comments.body": "x" } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 28 });
    expect((err as Error).message).toContain("Cannot create field 'body' in element {comments: [");
    await expect(threads().updateOne({ _id: 1 }, update({ $inc: { "empty.n": 1 } }))).rejects.toMatchObject({ code: 28 });
    expect(await threads().findOne({ _id: 1 })).toEqual({ _id: 1, comments: [{ body: "a" }], empty: [] });
  });

  it("a numeric index into the array still works", async () => {
    await threads().updateOne({ _id: 1 }, { $set: { "comments.0.body": "b" } });
    expect((await threads().findOne({ _id: 1 }))?.comments).toEqual([{ body: "b" }]);
  });
});

describe("validation errors", () => {
  const nothing = () => h.coll("never_created");

  it("an unknown aggregation stage is code 40324", async () => {
    await h.coll("stages").insertOne({ _id: 1 });
    const err = await h.coll("stages").aggregate([{ $bogusStage: {} }]).toArray().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 40324 });
    expect((err as Error).message).toBe("Unrecognized pipeline stage name: '$bogusStage'");
  });

  it("an unknown query operator is refused even when no document exists", async () => {
    const err = await nothing().find({ a: { $bogus: 1 } }).toArray().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as Error).message).toBe("unknown operator: $bogus");
    await expect(nothing().countDocuments({ a: { $bogus: 1 } })).rejects.toMatchObject({ code: 2 });
    await expect(nothing().find({ $bogus: [] }).toArray()).rejects.toMatchObject({ code: 2 });
  });

  it("an unknown query operator is refused by writes on an empty collection", async () => {
    const empty = h.coll("empty_writes");
    await empty.insertOne({ _id: 1 });
    await empty.deleteMany({});
    await expect(empty.deleteMany({ a: { $bogus: 1 } })).rejects.toMatchObject({ code: 2 });
    await expect(empty.updateMany({ a: { $bogus: 1 } }, { $set: { b: 1 } })).rejects.toMatchObject({ code: 2 });
    await expect(empty.findOneAndDelete({ a: { $bogus: 1 } })).rejects.toMatchObject({ code: 2 });
  });
});

describe("unusual field names and values", () => {
  const odd = () => h.coll("odd");
  beforeEach(async () => {
    await odd().deleteMany({});
    await odd().insertMany([{ _id: 1, a: 1 }, { _id: 2 }]);
  });

  it("$set stores $-prefixed field names inside its values", async () => {
    const res = await odd().updateOne({ _id: 1 }, { $set: { a: { $x: 1, y: { $z: [2] } } } });
    expect(res.modifiedCount).toBe(1);
    expect(await odd().findOne({ _id: 1 })).toEqual({ _id: 1, a: { $x: 1, y: { $z: [2] } } });
  });

  it("$set stores a __proto__ key inside its value as plain data", async () => {
    const value = JSON.parse('{"__proto__": {"polluted": "yes"}, "k": 1}') as Document;
    await odd().updateOne({ _id: 1 }, { $set: { a: value } });
    const doc = await odd().findOne({ _id: 1 });
    expect(Object.keys(doc?.a as Document)).toEqual(["__proto__", "k"]);
    expect(Object.getOwnPropertyDescriptor(doc?.a, "__proto__")?.value).toEqual({ polluted: "yes" });
    expect(await odd().countDocuments({ polluted: "yes" })).toBe(0);
  });

  it("$rename into __proto__.x creates a plain field", async () => {
    await odd().updateOne({ _id: 1 }, { $rename: { a: "__proto__.x" } });
    const doc = await odd().findOne({ _id: 1 });
    expect(Object.keys(doc ?? {})).toEqual(["_id", "__proto__"]);
    expect(Object.getOwnPropertyDescriptor(doc, "__proto__")?.value).toEqual({ x: 1 });
    expect(await odd().countDocuments({ x: 1 })).toBe(0);
  });

  it("field names that are inherited property names in JavaScript are ordinary fields", async () => {
    const res = await odd().updateOne({ _id: 2 }, update({ $set: { "constructor.prototype.flag": 1, toString: "s", "valueOf.x": 2 } }));
    expect(res.modifiedCount).toBe(1);
    expect(await odd().findOne({ _id: 2 })).toEqual({ _id: 2, constructor: { prototype: { flag: 1 } }, toString: "s", valueOf: { x: 2 } });
    expect(await odd().countDocuments({ flag: 1 })).toBe(0);
    await odd().updateOne({ _id: 2 }, update({ $unset: { toString: "" }, $rename: { "constructor.prototype": "hasOwnProperty" } }));
    expect(await odd().findOne({ _id: 2 })).toEqual({ _id: 2, constructor: {}, valueOf: { x: 2 }, hasOwnProperty: { flag: 1 } });
  });

  it("$elemMatch on DBRef elements matches their $id and $ref", async () => {
    const [u1, u2, u3] = [new ObjectId(), new ObjectId(), new ObjectId()];
    await odd().insertOne({ _id: 3, refs: [new DBRef("users", u1), new DBRef("users", u2)] });
    expect(await odd().countDocuments({ refs: { $elemMatch: { $id: u1 } } })).toBe(1);
    expect(await odd().countDocuments({ refs: { $elemMatch: { $ref: "users", $id: u2 } } })).toBe(1);
    expect(await odd().countDocuments({ refs: { $elemMatch: { $ref: "groups", $id: u2 } } })).toBe(0);
    expect(await odd().countDocuments({ refs: { $elemMatch: { $id: u3 } } })).toBe(0);
  });

  it("a capped collection without size is refused with code 72", async () => {
    const err = await h.db.createCollection("capped_nosize", { capped: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 72 });
    expect((err as Error).message).toBe("the 'size' field is required when 'capped' is true");
    // Any non-zero number counts as true (mongoose's suite sends `capped: 1024`).
    const numeric = await h.db.command({ create: "capped_number", capped: 1024 }).catch((e: unknown) => e);
    expect(numeric).toMatchObject({ code: 72 });
    expect((await h.db.listCollections({ name: "capped_number" }).toArray()).length).toBe(0);
  });

  it("$-prefixed top-level field names are accepted in inserted documents", async () => {
    await odd().insertOne({ _id: 10, $price: 50, quantity: 3 });
    expect(await odd().findOne({ _id: 10 })).toEqual({ _id: 10, $price: 50, quantity: 3 });
  });

  it("an upsert that inserts may $set a $-prefixed field; on an existing document it is refused", async () => {
    const res = await odd().updateOne({ _id: 11 }, update({ $set: { $hotel: 320, phone: 25 } }), { upsert: true });
    expect(res.upsertedId).toBe(11);
    expect(await odd().findOne({ _id: 11 })).toEqual({ _id: 11, $hotel: 320, phone: 25 });
    await expect(odd().updateOne({ _id: 11 }, update({ $set: { $hotel: 1 } }))).rejects.toThrow();
    expect(await odd().findOne({ _id: 11 })).toEqual({ _id: 11, $hotel: 320, phone: 25 });
  });

  it("a nested $-prefixed field of an existing document can be $set through a dotted path", async () => {
    await odd().insertOne({ _id: 12, prefs: { $each: 1 } });
    const res = await odd().updateOne({ _id: 12 }, update({ $set: { "prefs.$each": 42, "prefs.$new": true } }));
    expect(res.modifiedCount).toBe(1);
    expect(await odd().findOne({ _id: 12 })).toEqual({ _id: 12, prefs: { $each: 42, $new: true } });
  });
});

describe("mongoose: child timestamps in positional updates", () => {
  interface Reply { body: string; createdAt?: Date; updatedAt?: Date }
  interface Topic { title: string; replies: Reply[] }

  it("updateOne through `replies.$` sets the reply and its updatedAt (two paths under one $)", async () => {
    const conn = await mongoose.createConnection(h.target.uri, { dbName: h.target.dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
    try {
      const replySchema = new Schema<Reply>({ body: String }, { timestamps: true });
      const Topics = conn.model<Topic>("Topic", new Schema<Topic>({ title: String, replies: [replySchema] }, { timestamps: true }));
      const topic = await Topics.create({ title: "t", replies: [{ body: "one" }, { body: "two" }] });
      const second = topic.replies[1];
      const stampBefore = second?.updatedAt?.getTime() ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 10));
      await Topics.updateOne({ _id: topic._id, "replies._id": (second as unknown as { _id: unknown })._id }, { $set: { "replies.$.body": "TWO" } });
      const after = await Topics.findById(topic._id).lean().orFail();
      expect(after.replies.map((r) => r.body)).toEqual(["one", "TWO"]);
      expect(after.replies[1]?.updatedAt?.getTime()).toBeGreaterThan(stampBefore);
      expect(after.replies[0]?.updatedAt?.getTime()).toBe(topic.replies[0]?.updatedAt?.getTime());
    } finally {
      await conn.close();
    }
  });
});
