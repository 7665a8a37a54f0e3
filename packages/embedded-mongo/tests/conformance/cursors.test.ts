import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommandSucceededEvent, type Document, Long, MongoClient } from "mongodb";
import { useDb } from "../support/target";

const h = useDb("cursors");
let monitored: MongoClient | undefined;
const events: CommandSucceededEvent[] = [];
const coll = () => {
  if (!monitored) throw new Error("client not ready");
  return monitored.db(h.target.dbName).collection<{ _id: number; g: number; tags: string[] }>("docs");
};
const count = (name: string) => events.filter((e) => e.commandName === name).length;

beforeAll(async () => {
  monitored = new MongoClient(h.target.uri, { monitorCommands: true });
  monitored.on("commandSucceeded", (e) => events.push(e));
  await monitored.connect();
  const docs = Array.from({ length: 250 }, (_, i) => ({ _id: i, g: i % 7, tags: [`t${i % 3}`, `u${i % 2}`] }));
  await coll().insertMany(docs.reverse());
});

afterAll(async () => {
  await monitored?.close();
});

describe("cursors", () => {
  it("returns all 250 documents in order across batches of 10", async () => {
    events.length = 0;
    const docs = await coll().find({}).sort({ _id: 1 }).batchSize(10).toArray();
    expect(docs.map((d) => d._id)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(count("getMore")).toBeGreaterThanOrEqual(24);
  });

  it("aggregate cursors page with getMore too", async () => {
    events.length = 0;
    const docs = await coll().aggregate([{ $sort: { _id: -1 } }], { batchSize: 10 }).toArray();
    expect(docs).toHaveLength(250);
    expect(docs[0]?._id).toBe(249);
    expect(count("getMore")).toBeGreaterThanOrEqual(24);
  });

  it("close() kills the server cursor; a later getMore gets CursorNotFound (43)", async () => {
    events.length = 0;
    const cursor = coll().find({}).sort({ _id: 1 }).batchSize(10);
    await cursor.next();
    const id = cursor.id;
    expect(id).toBeInstanceOf(Long);
    expect(id?.isZero()).toBe(false);
    await cursor.close();
    const killed = events.find((e) => e.commandName === "killCursors");
    expect(killed?.reply).toMatchObject({ ok: 1 });
    const reply = killed?.reply as Document | undefined;
    expect(String(reply?.cursorsKilled)).toBe(String(id));
    await expect(h.db.command({ getMore: id, collection: "docs" })).rejects.toMatchObject({ code: 43 });
  });

  it("limit stops the cursor and singleBatch returns one closed batch", async () => {
    const limited = await coll().find({}).sort({ _id: 1 }).limit(25).batchSize(10).toArray();
    expect(limited.map((d) => d._id)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    const single = await h.db.command({ find: "docs", filter: {}, sort: { _id: 1 }, batchSize: 10, singleBatch: true });
    const cursor = single.cursor as { id: unknown; firstBatch: unknown[]; ns: string };
    expect(cursor.firstBatch).toHaveLength(10);
    expect(String(cursor.id)).toBe("0");
    expect(cursor.ns).toBe(`${h.target.dbName}.docs`);
  });

  it("countDocuments, estimatedDocumentCount and distinct", async () => {
    expect(await coll().countDocuments({ _id: { $gte: 100 } })).toBe(150);
    expect(await coll().countDocuments({}, { skip: 10, limit: 5 })).toBe(5);
    expect(await coll().estimatedDocumentCount()).toBe(250);
    expect((await coll().distinct("g")).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await coll().distinct("g", { _id: { $lt: 3 } })).sort()).toEqual([0, 1, 2]);
    expect((await coll().distinct("tags")).sort()).toEqual(["t0", "t1", "t2", "u0", "u1"]);
  });
});
