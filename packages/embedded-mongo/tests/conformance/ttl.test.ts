import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MongoClient } from "mongodb";
import { startEmbeddedMongo } from "../../src/index";
import { type Loose, useDb } from "../support/target";
import { makeTempDir, removeDir } from "../support/tmp";

/**
 * TTL indexes: the monitor deletes documents whose indexed date lies more than
 * `expireAfterSeconds` in the past. The sweep interval is lowered to 1 s with `setParameter
 * ttlMonitorSleepSecs` (as one would on mongod), so each test waits a few seconds at most.
 */
const h = useDb("ttl");
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

beforeAll(async () => {
  await h.client.db("admin").command({ setParameter: 1, ttlMonitorSleepSecs: 1 });
});

async function idsOf(name: string): Promise<unknown[]> {
  return (await h.coll(name).find({}).sort({ _id: 1 }).toArray()).map((d) => d._id);
}

async function waitForIds(name: string, expected: unknown[]): Promise<void> {
  await vi.waitFor(async () => {
    expect(await idsOf(name)).toEqual(expected);
  }, { timeout: 30_000, interval: 250 });
}

describe("TTL indexes", () => {
  it("expireAfterSeconds 0 deletes documents whose date has passed, and only those", async () => {
    const coll = h.coll("expire_at");
    await coll.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 }, undefined);
    await coll.insertMany([
      { _id: 1, expiresAt: ago(60_000) },
      { _id: 2, expiresAt: new Date(Date.now() + HOUR) },
      { _id: 3, expiresAt: "2001-01-01" }, // not a date: never expires
      { _id: 4 }, // no date: never expires
      { _id: 5, expiresAt: [new Date(Date.now() + HOUR), ago(HOUR)] }, // the earliest date counts
      { _id: 6, expiresAt: null },
    ]);
    await waitForIds("expire_at", [2, 3, 4, 6]);
  });

  it("expireAfterSeconds counts from the indexed date", async () => {
    const coll = h.coll("created");
    await coll.createIndex({ createdAt: 1 }, { expireAfterSeconds: 3600 }, undefined);
    await coll.insertMany([
      { _id: 1, createdAt: ago(2 * HOUR) },
      { _id: 2, createdAt: ago(10 * 60_000) },
      { _id: 3, createdAt: ago(HOUR + 5_000) },
    ]);
    await waitForIds("created", [2]);
  });

  it("a partial TTL index deletes only documents its filter selects", async () => {
    const coll = h.coll("partial");
    await coll.createIndex({ createdAt: 1 }, { expireAfterSeconds: 60, partialFilterExpression: { read: true } }, undefined);
    await coll.insertMany([
      { _id: 1, createdAt: ago(HOUR), read: true },
      { _id: 2, createdAt: ago(HOUR), read: false },
      { _id: 3, createdAt: ago(1_000), read: true },
    ]);
    await waitForIds("partial", [2, 3]);
  });

  it("a compound index with expireAfterSeconds deletes nothing", async () => {
    const coll = h.coll("compound");
    await coll.createIndex({ createdAt: 1, k: 1 }, { expireAfterSeconds: 1 }, undefined);
    await coll.createIndex({ other: 1 }, { expireAfterSeconds: 0 }, undefined);
    await coll.insertMany([{ _id: 1, createdAt: ago(HOUR), k: 1 }, { _id: 2, other: ago(HOUR) }]);
    await waitForIds("compound", [1]);
  });

  it("serverStatus counts the documents deleted", async () => {
    const status = await h.client.db("admin").command({ serverStatus: 1 });
    const ttl = (status.metrics as { ttl: { deletedDocuments: unknown; passes: unknown } }).ttl;
    expect(Number(ttl.deletedDocuments)).toBeGreaterThanOrEqual(5);
    expect(Number(ttl.passes)).toBeGreaterThan(0);
  });

  it("setParameter refuses an unknown parameter and a bad interval", async () => {
    await expect(h.client.db("admin").command({ setParameter: 1, noSuchParameter: 1 })).rejects.toMatchObject({ code: 72 });
    await expect(h.client.db("admin").command({ setParameter: 1, ttlMonitorSleepSecs: 0 })).rejects.toMatchObject({ code: 2 });
  });
});

describe("TTL deletes are journaled (embedded engine only: restarts it)", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await makeTempDir("ttl_journal");
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  it("a document deleted by the sweep stays deleted after a kill -9 and restart", async () => {
    const engine = await startEmbeddedMongo({ dbPath: dir, ttlMonitorMs: 200, logger: () => undefined });
    const client = new MongoClient(engine.uri);
    try {
      const coll = client.db("app").collection<Loose>("sessions");
      await coll.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 }, undefined);
      await coll.insertMany([{ _id: 1, expiresAt: ago(1_000) }, { _id: 2, expiresAt: new Date(Date.now() + HOUR) }]);
      // The sweep counts its deletes once they are fsynced: a hard kill then must not bring _id 1 back.
      await vi.waitFor(async () => {
        const status = await client.db("admin").command({ serverStatus: 1 });
        expect(Number((status.metrics as { ttl: { deletedDocuments: unknown } }).ttl.deletedDocuments)).toBe(1);
      }, { timeout: 20_000, interval: 100 });
      process.kill(engine.pid, "SIGKILL");
    } finally {
      await client.close();
      await engine.stop();
    }
    const again = await startEmbeddedMongo({ dbPath: dir, logger: () => undefined });
    const client2 = new MongoClient(again.uri);
    try {
      const ids = (await client2.db("app").collection<Loose>("sessions").find({}).toArray()).map((d) => d._id);
      expect(ids).toEqual([2]);
    } finally {
      await client2.close();
      await again.stop();
    }
  });
});
