import { describe, expect, it } from "vitest";
import { MongoClient, MongoServerError } from "mongodb";
import { useDb } from "../support/target";

const h = useDb("concurrency");

/** Several clients (separate connection pools) hammering the same documents at once. */
async function withClients<T>(n: number, fn: (clients: MongoClient[]) => Promise<T>): Promise<T> {
  const clients = await Promise.all(Array.from({ length: n }, () => new MongoClient(h.target.uri, { maxPoolSize: 4 }).connect()));
  try {
    return await fn(clients);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

describe("single-document atomicity under concurrency", () => {
  it("concurrent $inc from many clients loses no increment", async () => {
    await h.coll("counter").insertOne({ _id: "c", n: 0 });
    await withClients(4, (clients) => Promise.all(clients.flatMap((c) =>
      Array.from({ length: 50 }, () => c.db(h.target.dbName).collection<{ _id: string; n: number }>("counter").updateOne({ _id: "c" }, { $inc: { n: 1 } })))));
    expect(await h.coll("counter").findOne({ _id: "c" })).toEqual({ _id: "c", n: 200 });
  });

  it("findOneAndUpdate claims a token exactly once", async () => {
    await h.coll("tokens").insertOne({ _id: "t", rotatedAt: null });
    const results = await withClients(4, (clients) => Promise.all(clients.flatMap((c) => Array.from({ length: 5 }, (_, i) =>
      c.db(h.target.dbName).collection<{ _id: string; rotatedAt: Date | null; by?: number }>("tokens")
        .findOneAndUpdate({ _id: "t", rotatedAt: null }, { $set: { rotatedAt: new Date(), by: i } })))));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it("concurrent upserts on a unique key create one document", async () => {
    const coll = h.coll("upserts");
    await coll.createIndex({ key: 1 }, { unique: true }, undefined);
    const outcomes = await withClients(4, (clients) => Promise.all(clients.flatMap((c) => Array.from({ length: 5 }, () =>
      c.db(h.target.dbName).collection("upserts").updateOne({ key: "k" }, { $inc: { hits: 1 } }, { upsert: true })
        .then(() => "ok", (e: unknown) => (e instanceof MongoServerError && e.code === 11000 ? "dup" : String(e)))))));
    expect(outcomes.filter((o) => o !== "ok" && o !== "dup")).toEqual([]);
    const docs = await coll.find({ key: "k" }).toArray();
    expect(docs).toHaveLength(1);
    expect(docs[0]?.hits).toBe(outcomes.filter((o) => o === "ok").length);
  });
});
