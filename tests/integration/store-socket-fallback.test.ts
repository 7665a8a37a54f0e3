import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { MongoClient, type MongoServerError } from "mongodb";
import { describe, expect, it } from "vitest";
import { startTestServer } from "./support/harness";

const mode = (p: string) => statSync(p).mode & 0o777;
const FAST = { serverSelectionTimeoutMS: 3000, connectTimeoutMS: 3000, retryReads: false, retryWrites: false };

describe("a DATA_DIR too deep for a Unix socket path", () => {
  it("puts the socket in a private temp directory (0700), still behind authentication, and removes it on close", async () => {
    const base = await mkdtemp(path.join(tmpdir(), "ll-deep-"));
    const dataDir = path.join(base, "d".repeat(60), "e".repeat(40));
    expect(Buffer.byteLength(path.join(dataDir, "db", "mongod.sock"))).toBeGreaterThan(107);
    const server = await startTestServer(dataDir);
    try {
      // The app is up on the fallback socket.
      const h0 = await fetch(`${server.url}/api/health`);
      expect(h0.status, await h0.clone().text()).toBe(200);
      expect(existsSync(path.join(dataDir, "db", "mongod.sock"))).toBe(false);
      const dirs = readdirSync(tmpdir()).filter((n) => n.startsWith("learnlive-db-")).map((n) => path.join(tmpdir(), n));
      const mine = dirs.find((d) => existsSync(path.join(d, "mongod.sock")) && statSync(path.join(d, "mongod.sock")).isSocket());
      if (!mine) throw new Error(`no socket under ${tmpdir()}/learnlive-db-*`);
      expect(mode(mine)).toBe(0o700);
      expect(mode(path.join(mine, "mongod.sock"))).toBe(0o600);
      const bare = new MongoClient(`mongodb://${encodeURIComponent(path.join(mine, "mongod.sock"))}/learnlive`, FAST);
      try {
        const err = await bare.db().collection("users").findOne().then(() => null, (e: unknown) => e);
        expect((err as MongoServerError | null)?.code).toBe(13);
      } finally {
        await bare.close(true);
      }
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status, await health.clone().text()).toBe(200);
      await server.stop();
      expect(existsSync(mine)).toBe(false);
    } finally {
      await server.stop();
      await rm(base, { recursive: true, force: true });
    }
  });
});
