/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment, @typescript-eslint/no-deprecated, @typescript-eslint/no-unsafe-member-access -- smoke script */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mongoose from "mongoose";
import { startEmbeddedMongo } from "../index.js";

function check(cond: unknown, what: string): void {
  if (!cond) throw new Error(`FAILED: ${what}`);
  console.log(`ok - ${what}`);
}

async function main(): Promise<void> {
  const dbPath = mkdtempSync(join(tmpdir(), "em-smoke-"));
  let engine = await startEmbeddedMongo({ dbPath, logger: (l) => { console.log(`  [engine] ${l}`); } });
  console.log("started", engine.uri);
  await mongoose.connect(`${engine.uri}smoke`);
  const User = mongoose.model("User", new mongoose.Schema({ email: { type: String, unique: true }, name: String, age: Number }));
  const Post = mongoose.model("Post", new mongoose.Schema({ title: String, author: { type: mongoose.Schema.Types.ObjectId, ref: "User" }, tags: [String] }));
  await User.init();
  await Post.init();
  const a = await User.create({ email: "a@b.c", name: "A", age: 30 });
  await User.create({ email: "x@y.z", name: "X", age: 20 });
  try {
    await User.create({ email: "a@b.c", name: "dup" });
    check(false, "duplicate rejected");
  } catch (err) {
    const e = err as { code?: number; keyValue?: unknown; message: string };
    console.log("  dup error:", e.message, e.keyValue);
    check(e.code === 11000, "duplicate key code 11000");
  }
  await Post.create({ title: "hello", author: a._id, tags: ["x"] });
  const found = await User.find({}).sort({ age: 1 }).limit(5).select("email age").lean();
  check(found.length === 2 && found[0]?.age === 20, "find/sort/limit/projection");
  const one = await User.findOne({ email: "a@b.c" });
  check(one?.name === "A", "findOne by indexed field");
  const byId = await User.findById(a._id);
  check(byId?.email === "a@b.c", "findById");
  const post = await Post.findOne({ title: "hello" }).populate("author");
  check((post?.author as unknown as { email: string }).email === "a@b.c", "populate");
  const up = await User.findOneAndUpdate({ email: "new@b.c" }, { $set: { name: "N" }, $setOnInsert: { age: 99 } }, { upsert: true, new: true });
  check(up.age === 99 && up.email === "new@b.c", "findOneAndUpdate upsert + $setOnInsert");
  const r = await User.updateOne({ email: "a@b.c" }, { $inc: { age: 1 } });
  check(r.modifiedCount === 1, "updateOne $inc");
  check((await User.countDocuments({ age: { $gte: 20 } })) === 3, "countDocuments");
  const agg = await Post.aggregate([{ $match: { title: "hello" } }, { $lookup: { from: "users", localField: "author", foreignField: "_id", as: "u" } }, { $unwind: "$u" }, { $group: { _id: "$u.email", n: { $sum: 1 } } }, { $sort: { _id: 1 } }]);
  check(agg.length === 1 && agg[0]._id === "a@b.c", "aggregate $lookup/$group");
  await User.insertMany(Array.from({ length: 300 }, (_, i) => ({ email: `bulk${i}@x`, age: i })));
  const many = await User.find({ email: /^bulk/ });
  check(many.length === 300, "cursor getMore >101");
  const del = await User.deleteOne({ email: "x@y.z" });
  check(del.deletedCount === 1, "deleteOne");
  await mongoose.disconnect();
  process.kill(engine.pid, "SIGKILL");
  await new Promise((r) => setTimeout(r, 300));
  engine = await startEmbeddedMongo({ dbPath, logger: (l) => { console.log(`  [engine] ${l}`); } });
  await mongoose.connect(`${engine.uri}smoke`);
  check((await User.countDocuments()) === 302, "data survives kill -9");
  try {
    await User.create({ email: "a@b.c" });
    check(false, "unique after restart");
  } catch (err) {
    check((err as { code?: number }).code === 11000, "unique index survives restart");
  }
  await mongoose.disconnect();
  await engine.stop();
  console.log("ALL OK");
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
