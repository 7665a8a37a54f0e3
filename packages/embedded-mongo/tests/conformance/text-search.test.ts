import { beforeAll, describe, expect, it } from "vitest";
import { type Document, MongoServerError } from "mongodb";
import { type Loose, useDb } from "../support/target";

/**
 * Text indexes and `$text`: English stemming ("designing" finds "design"), stop words, phrases,
 * negations, weights, and `{ $meta: "textScore" }` in projections and sorts. Scores are compared
 * by order, not value (the engine follows MongoDB's formula, but the tokenisers differ slightly).
 */
const h = useDb("text_search");
const courses = () => h.coll("courses");

beforeAll(async () => {
  await courses().createIndex({ title: "text", description: "text", "lessons.title": "text" }, { weights: { title: 10, "lessons.title": 2 } }, undefined);
  await courses().insertMany([
    { _id: 1, title: "Designing Web Interfaces", description: "Layouts, colour and type for the web.", lessons: [{ title: "Grids" }], level: "beginner" },
    { _id: 2, title: "Node.js in Production", description: "Running servers: logging, design of APIs.", lessons: [{ title: "Process managers" }], level: "advanced" },
    { _id: 3, title: "Cooking for Programmers", description: "Quick meals.", lessons: [{ title: "Designed kitchens" }, { title: "Knives" }], level: "beginner" },
    { _id: 4, title: "Café Culture", description: "The history of coffee houses.", lessons: [], level: "beginner" },
  ]);
});

const ids = (docs: (Loose | Document)[]) => docs.map((d) => d._id as number);

describe("$text", () => {
  it("matches stemmed words in any indexed field, including array subdocuments", async () => {
    const docs = await courses().find({ $text: { $search: "designs" } }).toArray();
    expect(ids(docs).sort()).toEqual([1, 2, 3]);
  });

  it("ranks by textScore: a title match (weight 10) before a lesson title (2) before a description (1)", async () => {
    const docs = await courses()
      .find({ $text: { $search: "design" } }, { projection: { score: { $meta: "textScore" }, title: 1 } })
      .sort({ score: { $meta: "textScore" } })
      .toArray();
    expect(ids(docs)).toEqual([1, 3, 2]);
    expect(Object.keys(docs[0] ?? {})).toEqual(["_id", "title", "score"]);
    const scores = docs.map((d) => d.score as number);
    expect(scores[0]).toBeGreaterThan(scores[1] ?? Infinity);
    expect(scores[1]).toBeGreaterThan(scores[2] ?? Infinity);
  });

  it("a projection of only the score keeps every field", async () => {
    const [doc] = await courses().find({ $text: { $search: "knives" } }, { projection: { score: { $meta: "textScore" } } }).toArray();
    expect(doc?._id).toBe(3);
    expect(doc?.level).toBe("beginner");
    expect(typeof doc?.score).toBe("number");
  });

  it("ignores stop words, case and accents", async () => {
    expect(ids(await courses().find({ $text: { $search: "the" } }).toArray())).toEqual([]);
    expect(ids(await courses().find({ $text: { $search: "CAFE" } }).toArray())).toEqual([4]);
  });

  it("any word may match; a negated word excludes; a phrase must appear as written", async () => {
    expect(ids(await courses().find({ $text: { $search: "coffee knives" } }).toArray()).sort()).toEqual([3, 4]);
    expect(ids(await courses().find({ $text: { $search: "design -node" } }).toArray()).sort()).toEqual([1, 3]);
    expect(ids(await courses().find({ $text: { $search: "\"web interfaces\"" } }).toArray())).toEqual([1]);
    expect(ids(await courses().find({ $text: { $search: "\"interfaces web\"" } }).toArray())).toEqual([]);
  });

  it("combines with the rest of the filter, count and $and", async () => {
    expect(ids(await courses().find({ $text: { $search: "design" }, level: "beginner" }).toArray()).sort()).toEqual([1, 3]);
    expect(await courses().countDocuments({ $and: [{ $text: { $search: "design" } }, { level: "advanced" }] })).toBe(1);
  });

  it("follows writes: updated and deleted documents", async () => {
    await courses().insertOne({ _id: 9, title: "Gardening", description: "", lessons: [] });
    expect(ids(await courses().find({ $text: { $search: "gardens" } }).toArray())).toEqual([9]);
    await courses().updateOne({ _id: 9 }, { $set: { title: "Pottery" } });
    expect(ids(await courses().find({ $text: { $search: "gardens" } }).toArray())).toEqual([]);
    expect(ids(await courses().find({ $text: { $search: "pottery" } }).toArray())).toEqual([9]);
    await courses().deleteOne({ _id: 9 });
    expect(ids(await courses().find({ $text: { $search: "pottery" } }).toArray())).toEqual([]);
  });

  it("lists the index as mongod stores it", async () => {
    const indexes = (await courses().listIndexes().toArray()) as Document[];
    const index = indexes.find((i) => i.name === "title_text_description_text_lessons.title_text");
    expect(index?.key).toEqual({ _fts: "text", _ftsx: 1 });
    expect(index?.weights).toEqual({ title: 10, description: 1, "lessons.title": 2 });
  });

  it("without a text index is code 27", async () => {
    const err = await h.db.collection("plain").find({ $text: { $search: "x" } }).toArray().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect((err as MongoServerError).code).toBe(27);
  });

  it("explain shows a TEXT stage", async () => {
    const e = (await courses().find({ $text: { $search: "design" } }).explain("queryPlanner"));
    expect(JSON.stringify(e.queryPlanner)).toMatch(/TEXT/);
  });
});
