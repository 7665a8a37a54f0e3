import { describe, expect, it, vi } from "vitest";
import { type Document, MongoClient } from "mongodb";
import mongoose, { Schema } from "mongoose";
import { startEmbeddedMongo } from "../../src/index";
import { useDb } from "../support/target";
import { makeTempDir, removeDir } from "../support/tmp";

/**
 * `collMod` on an index: hide or unhide it (`hidden`), change a TTL index's `expireAfterSeconds`
 * or turn a single-field index into a TTL index. Expectations are MongoDB 7.0's.
 */
const h = useDb("collmod");
const HOUR = 3_600_000;

async function indexNamed(coll: string, name: string): Promise<Document | undefined> {
  return (await h.coll(coll).listIndexes().toArray() as Document[]).find((i) => i.name === name);
}

describe("collMod index", () => {
  it("hides and unhides an index by name or key pattern; the planner ignores a hidden index and hint refuses it", async () => {
    const c = h.coll("hide");
    await c.insertMany([{ _id: 1, a: 1 }, { _id: 2, a: 2 }]);
    await c.createIndex({ a: 1 }, {}, undefined);
    const hidden = await h.db.command({ collMod: "hide", index: { name: "a_1", hidden: true } });
    expect(hidden).toMatchObject({ ok: 1, hidden_old: false, hidden_new: true });
    expect(await indexNamed("hide", "a_1")).toMatchObject({ key: { a: 1 }, hidden: true });
    const plan = await c.find({ a: 1 }).explain("queryPlanner");
    expect(JSON.stringify((plan.queryPlanner as Document).winningPlan)).toContain("COLLSCAN");
    await expect(c.find({ a: 1 }).hint("a_1").toArray()).rejects.toMatchObject({ code: 2 });
    expect((await c.find({ a: 1 }).toArray()).map((d) => d._id)).toEqual([1]);
    const shown = await h.db.command({ collMod: "hide", index: { keyPattern: { a: 1 }, hidden: false } });
    expect(shown).toMatchObject({ ok: 1, hidden_old: true, hidden_new: false });
    expect((await indexNamed("hide", "a_1"))?.hidden).toBeUndefined();
    expect((await c.find({ a: 2 }).hint("a_1").toArray()).map((d) => d._id)).toEqual([2]);
  });

  it("a hidden unique index still refuses duplicates", async () => {
    const c = h.coll("hideunique");
    await c.createIndex({ email: 1 }, { unique: true }, undefined);
    await c.insertOne({ email: "a@x" });
    await h.db.command({ collMod: "hideunique", index: { name: "email_1", hidden: true } });
    await expect(c.insertOne({ email: "a@x" })).rejects.toMatchObject({ code: 11000 });
  });

  it("refuses unknown collections and indexes, the _id index and bad values, changing nothing", async () => {
    const c = h.coll("bad");
    await c.createIndex({ a: 1 }, {}, undefined);
    await c.createIndex({ a: 1, b: 1 }, {}, undefined);
    await expect(h.db.command({ collMod: "nope", index: { name: "a_1", hidden: true } })).rejects.toMatchObject({ code: 26 });
    await expect(h.db.command({ collMod: "bad", index: { name: "zz", hidden: true } })).rejects.toMatchObject({ code: 27 });
    await expect(h.db.command({ collMod: "bad", index: { name: "_id_", hidden: true } })).rejects.toMatchObject({ code: 2 });
    await expect(h.db.command({ collMod: "bad", index: { name: "a_1", hidden: "yes" } })).rejects.toMatchObject({ code: expect.any(Number) as unknown });
    await expect(h.db.command({ collMod: "bad", index: { name: "a_1", expireAfterSeconds: -5 } })).rejects.toMatchObject({ code: expect.any(Number) as unknown });
    await expect(h.db.command({ collMod: "bad", index: { name: "a_1_b_1", expireAfterSeconds: 60 } })).rejects.toMatchObject({ code: expect.any(Number) as unknown });
    expect(await indexNamed("bad", "a_1")).toEqual({ v: 2, key: { a: 1 }, name: "a_1" });
    expect(await indexNamed("bad", "a_1_b_1")).toEqual({ v: 2, key: { a: 1, b: 1 }, name: "a_1_b_1" });
  });

  it("changes a TTL index's expireAfterSeconds, and the monitor uses the new value", async () => {
    await h.client.db("admin").command({ setParameter: 1, ttlMonitorSleepSecs: 1 });
    const c = h.coll("ttl");
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 10 * HOUR / 1000 }, undefined);
    await c.insertMany([{ _id: 1, at: new Date(Date.now() - 2 * HOUR) }, { _id: 2, at: new Date() }]);
    const res = await h.db.command({ collMod: "ttl", index: { keyPattern: { at: 1 }, expireAfterSeconds: 3600 } });
    expect(res).toMatchObject({ ok: 1, expireAfterSeconds_old: 36_000, expireAfterSeconds_new: 3600 });
    expect((await indexNamed("ttl", "at_1"))?.expireAfterSeconds).toBe(3600);
    await vi.waitFor(async () => {
      expect((await c.find({}).toArray()).map((d) => d._id)).toEqual([2]);
    }, { timeout: 30_000, interval: 250 });
  });

  it("mongoose's syncIndexes({ hideIndexes: true }) hides an index the schema dropped, instead of dropping it", async () => {
    const conn = await mongoose.createConnection(h.target.uri, { dbName: h.target.dbName }).asPromise();
    try {
      const withIndex = new Schema({ name: String }, { autoIndex: false });
      withIndex.index({ name: 1 });
      await conn.model("Hider", withIndex, "hider").syncIndexes();
      conn.deleteModel("Hider");
      const M = conn.model("Hider", new Schema({ name: String }, { autoIndex: false }), "hider");
      await M.syncIndexes({ hideIndexes: true });
      const indexes = (await M.listIndexes()) as Document[];
      expect(indexes.map((i) => [i.name as unknown, (i.hidden as unknown) ?? false])).toEqual([["_id_", false], ["name_1", true]]);
    } finally {
      await conn.close();
    }
  });

  it("a change survives a kill -9 and a restart (journaled), and a snapshot (embedded engine only)", async () => {
    if (!h.target.embedded) return;
    const dir = await makeTempDir("collmod-restart");
    try {
      const engine = await startEmbeddedMongo({ dbPath: dir, logger: () => undefined });
      const client = new MongoClient(engine.uri);
      try {
        const db = client.db("app");
        await db.collection("c").createIndex({ at: 1 }, { expireAfterSeconds: 60 }, undefined);
        await db.command({ collMod: "c", index: { name: "at_1", hidden: true, expireAfterSeconds: 120 } });
        process.kill(engine.pid, "SIGKILL");
      } finally {
        await client.close();
        await engine.stop();
      }
      for (let round = 0; round < 2; round++) {
        // Round 0 replays the journal; its clean stop writes a snapshot, which round 1 loads.
        const again = await startEmbeddedMongo({ dbPath: dir, logger: () => undefined });
        const client2 = new MongoClient(again.uri);
        try {
          const index = (await client2.db("app").collection("c").listIndexes().toArray() as Document[]).find((i) => i.name === "at_1");
          expect(index).toMatchObject({ key: { at: 1 }, hidden: true, expireAfterSeconds: 120 });
        } finally {
          await client2.close();
          await again.stop();
        }
      }
    } finally {
      await removeDir(dir);
    }
  });
});
