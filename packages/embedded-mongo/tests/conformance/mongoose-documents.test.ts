/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose schema definitions are plain option objects by design. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import mongoose, { type Connection, type Model, Schema, type Types } from "mongoose";
import { startTarget, type Target } from "../support/target";

interface Lesson { _id?: Types.ObjectId; title: string; minutes?: number }
interface Course { slug: string; lessons: Lesson[]; tags: string[]; views: number }

const courseSchema = new Schema<Course>({
  slug: { type: String, required: true, unique: true },
  lessons: [{ title: { type: String, required: true }, minutes: { type: Number, min: 1 } }],
  tags: [String],
  views: { type: Number, default: 0 },
}, { timestamps: true });

let target: Target | undefined;
let conn: Connection | undefined;
let Courses: Model<Course>;

beforeAll(async () => {
  target = await startTarget("mgdocs");
  conn = await mongoose.createConnection(target.uri, { dbName: target.dbName }).asPromise();
  Courses = conn.model<Course>("Course", courseSchema);
  await Courses.init();
});

afterAll(async () => {
  await conn?.close();
  await target?.close();
});

describe("mongoose documents: save, versioning, subdocuments", () => {
  it("save() of a modified document writes only the change and bumps __v for arrays", async () => {
    const created = await Courses.create({ slug: "algebra", lessons: [{ title: "Intro", minutes: 5 }], tags: ["math"] });
    const doc = await Courses.findById(created._id).orFail();
    doc.lessons.push({ title: "Sets", minutes: 12 });
    doc.views = 3;
    await doc.save();
    const raw = await Courses.collection.findOne({ _id: created._id });
    expect(raw).toMatchObject({ slug: "algebra", views: 3, __v: 1, lessons: [{ title: "Intro" }, { title: "Sets", minutes: 12 }] });
  });

  it("a stale copy that rewrites an array fails with VersionError", async () => {
    const a = await Courses.findOne({ slug: "algebra" }).orFail();
    const b = await Courses.findOne({ slug: "algebra" }).orFail();
    a.lessons.splice(0, 1);
    await a.save();
    b.lessons.splice(0, 1);
    await expect(b.save()).rejects.toBeInstanceOf(mongoose.Error.VersionError);
  });

  it("subdocument updates through positional paths and validation on update", async () => {
    const doc = await Courses.findOne({ slug: "algebra" }).orFail();
    const lessonId = doc.lessons[0]?._id;
    await Courses.updateOne({ _id: doc._id, "lessons._id": lessonId }, { $set: { "lessons.$.minutes": 30 } });
    expect((await Courses.findById(doc._id).lean().orFail()).lessons[0]?.minutes).toBe(30);
    await expect(Courses.updateOne({ _id: doc._id }, { $set: { views: "many" } }, { runValidators: true }))
      .rejects.toBeInstanceOf(mongoose.Error.CastError);
  });

  it("deleteOne on a document, findByIdAndUpdate with $addToSet, distinct", async () => {
    const tmp = await Courses.create({ slug: "tmp", tags: ["x"] });
    const updated = await Courses.findByIdAndUpdate(tmp._id, { $addToSet: { tags: { $each: ["x", "y"] } } }, { returnDocument: "after" }).lean().orFail();
    expect(updated.tags).toEqual(["x", "y"]);
    expect((await Courses.distinct("tags")).sort()).toEqual(["math", "x", "y"]);
    await tmp.deleteOne();
    expect(await Courses.findById(tmp._id)).toBeNull();
  });

  it("bulkWrite and insertMany(ordered: false) report per-document failures", async () => {
    const res = await Courses.bulkWrite([
      { insertOne: { document: { slug: "b1" } } },
      { updateOne: { filter: { slug: "b1" }, update: { $inc: { views: 5 } } } },
      { deleteOne: { filter: { slug: "nope" } } },
    ]);
    expect(res).toMatchObject({ insertedCount: 1, modifiedCount: 1, deletedCount: 0 });
    const err: unknown = await Courses.insertMany([{ slug: "b2" }, { slug: "b1" }, { slug: "b3" }], { ordered: false }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 11000 });
    expect((await Courses.find({ slug: /^b/ }).sort({ slug: 1 }).lean()).map((c) => c.slug)).toEqual(["b1", "b2", "b3"]);
  });
});
