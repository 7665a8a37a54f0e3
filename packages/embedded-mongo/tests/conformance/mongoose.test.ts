/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose schema definitions and
   Decimal128.fromString are the documented way to build these values. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import mongoose, { type Connection, type Model, Schema, Types } from "mongoose";
import { startTarget, type Target } from "../support/target";

interface User { email: string; name: string; role: string; balance?: Types.Decimal128; createdAt?: Date; updatedAt?: Date }
interface Course { title: string; teacher: Types.ObjectId }

const userSchema = new Schema<User>({
  email: { type: String, required: true, unique: true },
  name: { type: String, required: true, minlength: 2 },
  role: { type: String, default: "student" },
  balance: { type: Schema.Types.Decimal128 },
}, { timestamps: true });
const courseSchema = new Schema<Course>({
  title: { type: String, required: true },
  teacher: { type: Schema.Types.ObjectId, ref: "User", required: true },
});

let target: Target | undefined;
let conn: Connection | undefined;
let Users: Model<User>;
let Courses: Model<Course>;

beforeAll(async () => {
  target = await startTarget("mongoose");
  conn = await mongoose.createConnection(target.uri, { dbName: target.dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
  Users = conn.model<User>("User", userSchema);
  Courses = conn.model<Course>("Course", courseSchema);
  await Users.init();
  await Courses.init();
});

afterAll(async () => {
  await conn?.close();
  await target?.close();
});

describe("mongoose on the engine", () => {
  it("init/syncIndexes build the unique email index", async () => {
    expect(await Users.syncIndexes()).toEqual([]);
    const indexes = await Users.collection.listIndexes().toArray() as { name: string }[];
    expect(indexes.find((i) => i.name === "email_1")).toMatchObject({ key: { email: 1 }, unique: true });
  });

  it("create sets timestamps; a duplicate email is a server E11000", async () => {
    const u = await Users.create({ email: "ada@x.io", name: "Ada", balance: Types.Decimal128.fromString("12.34") });
    expect(u.createdAt).toBeInstanceOf(Date);
    expect(u.updatedAt).toBeInstanceOf(Date);
    expect(u.role).toBe("student");
    await expect(Users.create({ email: "ada@x.io", name: "Other" }))
      .rejects.toMatchObject({ code: 11000, keyValue: { email: "ada@x.io" } });
    expect(await Users.countDocuments()).toBe(1);
  });

  it("validation errors come from mongoose and write nothing", async () => {
    await expect(Users.create({ email: "short@x.io", name: "A" })).rejects.toBeInstanceOf(mongoose.Error.ValidationError);
    expect(await Users.countDocuments({ email: "short@x.io" })).toBe(0);
  });

  it("populate follows a ref", async () => {
    const teacher = await Users.findOne({ email: "ada@x.io" }).orFail();
    await Courses.create({ title: "Algebra", teacher: teacher._id });
    const course = await Courses.findOne({ title: "Algebra" }).populate<{ teacher: User }>("teacher").orFail();
    expect(course.teacher.email).toBe("ada@x.io");
  });

  it("findOneAndUpdate upsert applies setDefaultsOnInsert and timestamps", async () => {
    const doc = await Users.findOneAndUpdate({ email: "new@x.io" }, { $set: { name: "Newbie" } },
      { upsert: true, returnDocument: "after", setDefaultsOnInsert: true }).lean().orFail();
    expect(doc).toMatchObject({ email: "new@x.io", name: "Newbie", role: "student" });
    expect(doc.createdAt).toBeInstanceOf(Date);
  });

  it("lean() returns plain objects with BSON values; Decimal128 sorts numerically", async () => {
    await Users.create([
      { email: "b1@x.io", name: "B1", balance: Types.Decimal128.fromString("9.5") },
      { email: "b2@x.io", name: "B2", balance: Types.Decimal128.fromString("100") },
    ]);
    const rows = await Users.find({ balance: { $exists: true } }).sort({ balance: 1 }).lean();
    expect(rows.map((r) => String(r.balance))).toEqual(["9.5", "12.34", "100"]);
    expect(rows[0]?._id).toBeInstanceOf(Types.ObjectId);
    expect(rows[0]?.balance).toBeInstanceOf(Types.Decimal128);
  });

  it("aggregate groups through the model", async () => {
    await Users.updateOne({ email: "ada@x.io" }, { $set: { role: "teacher" } });
    const out = await Users.aggregate<{ _id: string; n: number }>([
      { $group: { _id: "$role", n: { $sum: 1 } } }, { $sort: { _id: 1 } },
    ]);
    expect(out).toEqual([{ _id: "student", n: 3 }, { _id: "teacher", n: 1 }]);
  });

  it("app-shaped queries: newest-first paging, $in with projection, null filters, exists", async () => {
    const Notes = conn?.model("Note", new Schema({ to: String, at: Date, readAt: { type: Date, default: null } }));
    if (!Notes) throw new Error("no connection");
    const base = Date.UTC(2025, 0, 1);
    const created = await Notes.insertMany([0, 1, 2, 3].map((i) => ({ to: "u1", at: new Date(base + (i % 2) * 1000) })));
    const page = await Notes.find({ to: "u1" }).sort({ at: -1, _id: -1 }).limit(3).lean();
    const ids = created.map((d) => String(d._id));
    expect(page.map((d) => String(d._id))).toEqual([ids[3], ids[1], ids[2]]);
    const picked = await Notes.find({ _id: { $in: [created[0]?._id, created[2]?._id] } }, { to: 1 }).sort({ _id: 1 }).lean();
    expect(picked.map((d) => Object.keys(d).sort())).toEqual([["_id", "to"], ["_id", "to"]]);
    const res = await Notes.updateMany({ to: "u1", readAt: null }, { $set: { readAt: new Date() } });
    expect(res.modifiedCount).toBe(4);
    expect(await Notes.countDocuments({ readAt: null })).toBe(0);
    expect(await Notes.exists({ to: "u1" })).toMatchObject({ _id: expect.any(Types.ObjectId) as unknown });
    expect(await Notes.exists({ to: "nobody" })).toBeNull();
  });
});
