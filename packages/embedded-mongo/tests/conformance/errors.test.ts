import { describe, expect, it } from "vitest";
import { useDb } from "../support/target";

const h = useDb("errors");

describe("commands and error codes", () => {
  it("hello, ping and buildInfo answer like a standalone mongod", async () => {
    const admin = h.client.db("admin");
    expect(await admin.command({ ping: 1 })).toMatchObject({ ok: 1 });
    const hello = await admin.command({ hello: 1 });
    expect(hello).toMatchObject({ ok: 1, isWritablePrimary: true });
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9);
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    const info = await admin.command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+/);
  });

  it("serverStatus counts operations as mongod does (inserted documents, update statements, finds)", async () => {
    const admin = h.client.db("admin");
    const counters = async () => {
      const s = await admin.command({ serverStatus: 1 });
      const c = s.opcounters as Record<string, unknown>;
      return { insert: Number(c.insert), update: Number(c.update), query: Number(c.query) };
    };
    const db = h.client.db(`${h.db.databaseName}_opcounters`);
    const before = await counters();
    await db.collection("c").insertMany([{ a: 1 }, { a: 2 }, { a: 3 }]);
    await db.collection("c").updateOne({ a: 1 }, { $set: { b: 1 } });
    await db.collection("c").find({ a: 2 }).toArray();
    const after = await counters();
    await db.dropDatabase();
    // Other clients of a shared server may add to them: at least ours.
    expect(after.insert - before.insert).toBeGreaterThanOrEqual(3);
    expect(after.update - before.update).toBeGreaterThanOrEqual(1);
    expect(after.query - before.query).toBeGreaterThanOrEqual(1);
  });

  it("an unknown command is CommandNotFound (59)", async () => {
    await expect(h.db.command({ nosuch: 1 })).rejects.toMatchObject({ code: 59, codeName: "CommandNotFound" });
  });

  it("a transaction on a standalone is IllegalOperation (20)", async (ctx) => {
    const hello = await h.client.db("admin").command({ hello: 1 });
    if (hello.setName !== undefined || hello.msg === "isdbgrid") ctx.skip();
    const session = h.client.startSession();
    try {
      session.startTransaction();
      // The driver rewraps this server error (its MMAPv1 retryable-writes hint) and keeps the original.
      await expect(h.coll("tx").insertOne({ a: 1 }, { session })).rejects.toMatchObject({
        originalError: { code: 20, codeName: "IllegalOperation", message: "Transaction numbers are only allowed on a replica set member or mongos" },
      });
    } finally {
      await session.abortTransaction().catch(() => undefined);
      await session.endSession();
    }
    expect(await h.coll("tx").countDocuments()).toBe(0);
  });

  it("listCollections, create (48 when it exists), drop and dropDatabase", async () => {
    await h.db.createCollection("alpha");
    await h.coll("beta").insertOne({ x: 1 });
    const names = async () => (await h.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    expect(await names()).toEqual(["alpha", "beta"]);
    const full = await h.db.listCollections({ name: "alpha" }).toArray();
    expect(full[0]).toMatchObject({ name: "alpha", type: "collection" });
    await expect(h.db.createCollection("alpha")).rejects.toMatchObject({ code: 48, codeName: "NamespaceExists" });
    expect(await h.coll("alpha").drop()).toBe(true);
    expect(await names()).toEqual(["beta"]);
    await h.db.dropDatabase();
    expect(await names()).toEqual([]);
    expect(await h.coll("beta").countDocuments()).toBe(0);
  });

  it("an unknown update operator is rejected and writes nothing", async () => {
    const c = h.coll("bad");
    await c.insertOne({ _id: 1, a: 1 });
    await expect(c.updateOne({ _id: 1 }, { $bogus: { a: 2 } })).rejects.toMatchObject({ code: 9 });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, a: 1 });
  });
});
