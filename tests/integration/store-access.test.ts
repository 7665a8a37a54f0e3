import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { MongoClient, MongoServerError } from "mongodb";
import { describe, expect, it } from "vitest";
import { useTestServer } from "./support/harness";

// The embedded store as the app runs it (connectDb without MONGODB_URI): another local process that
// finds the socket, but not the credentials, must not read password hashes or refresh tokens.
const srv = useTestServer();

const mode = (p: string) => statSync(p).mode & 0o777;
const FAST = { serverSelectionTimeoutMS: 3000, connectTimeoutMS: 3000, retryReads: false, retryWrites: false };

describe("the embedded store is private to the app", () => {
  it("listens on a 0600 Unix socket in a 0700 directory, with 0600 credentials and data files", () => {
    const dbDir = path.join(srv.dataDir, "db");
    const sock = path.join(dbDir, "mongod.sock");
    expect(statSync(sock).isSocket()).toBe(true);
    expect(mode(sock)).toBe(0o600);
    expect(mode(dbDir)).toBe(0o700);
    expect(mode(path.join(srv.dataDir, "db-credentials.json"))).toBe(0o600);
    for (const name of readdirSync(dbDir)) expect(mode(path.join(dbDir, name)) & 0o077, name).toBe(0);
  });

  it("refuses a second local client without the credentials (code 13), and serves one with them", async () => {
    const uri = `mongodb://${encodeURIComponent(path.join(srv.dataDir, "db", "mongod.sock"))}/learnlive`;
    const bare = new MongoClient(uri, FAST);
    try {
      for (const run of [
        () => bare.db().collection("users").findOne({ role: "admin" }),
        () => bare.db().collection("refreshtokens").find().toArray(),
        () => bare.db().collection("users").updateOne({}, { $set: { role: "admin" } }),
        () => bare.db().admin().listDatabases(),
      ]) {
        const err = await run().then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(MongoServerError);
        expect((err as MongoServerError).code).toBe(13);
      }
    } finally {
      await bare.close(true);
    }
    const creds = JSON.parse(readFileSync(path.join(srv.dataDir, "db-credentials.json"), "utf8")) as { username: string; password: string };
    const wrong = new MongoClient(uri, { ...FAST, auth: { username: creds.username, password: `${creds.password}x` }, authSource: "admin" });
    try {
      const err = await wrong.db().collection("users").findOne().then(() => null, (e: unknown) => e);
      expect((err as MongoServerError | null)?.code).toBe(18);
    } finally {
      await wrong.close(true);
    }
    // The same socket with the credentials is the live store (the demo seed is there).
    const owner = new MongoClient(uri, { ...FAST, auth: creds, authSource: "admin" });
    try {
      expect(await owner.db().collection("users").countDocuments()).toBeGreaterThan(0);
    } finally {
      await owner.close();
    }
  });
});
