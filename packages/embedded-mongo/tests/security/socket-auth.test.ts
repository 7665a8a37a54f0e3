import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { Binary, type Document } from "bson";
import { MongoClient, MongoServerError } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedMongo, startEmbeddedMongo } from "../../src/index";
import { PACKAGE_DIR, REPO_DIR } from "../support/cli";
import { FAST_FAIL, withClient } from "../support/client";
import { makeTempDir, removeDir } from "../support/tmp";

const quiet = () => undefined;
const mode = (p: string) => statSync(p).mode & 0o777;

async function refusal(p: Promise<unknown>): Promise<MongoServerError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err, "the command was not refused").toBeInstanceOf(MongoServerError);
  return err as MongoServerError;
}

describe("Unix socket", () => {
  let dir = "";
  let engine: EmbeddedMongo | undefined;
  beforeAll(async () => {
    dir = await makeTempDir("sock");
    engine = await startEmbeddedMongo({ dbPath: path.join(dir, "db"), socketPath: path.join(dir, "db", "mongod.sock"), logger: quiet });
  });
  afterAll(async () => {
    await engine?.stop();
    await removeDir(dir);
  });

  it("serves a driver client through the percent-encoded socket path, 0600 in a 0700 directory, no TCP port", async () => {
    const sock = path.join(dir, "db", "mongod.sock");
    expect(engine?.uri).toBe(`mongodb://${sock.split("/").join("%2F")}/`);
    expect(engine?.port).toBe(0);
    expect(statSync(sock).isSocket()).toBe(true);
    expect(mode(sock)).toBe(0o600);
    expect(mode(path.join(dir, "db"))).toBe(0o700);
    await withClient(`${engine?.uri ?? ""}sockdb`, async (client) => {
      await client.db().collection("c").insertOne({ _id: 1, v: "over the socket" } as Document);
      expect(await client.db().collection("c").findOne({ _id: 1 } as Document)).toEqual({ _id: 1, v: "over the socket" });
    });
  });

  it("refuses a socket path that does not fit in sockaddr_un, or lacks .sock, or comes with a port", async () => {
    const long = path.join(dir, "x".repeat(120), "mongod.sock");
    await expect(startEmbeddedMongo({ dbPath: path.join(dir, "db2"), socketPath: long, logger: quiet })).rejects.toThrow(/longer than the 107/);
    await expect(startEmbeddedMongo({ dbPath: path.join(dir, "db2"), socketPath: path.join(dir, "mongod"), logger: quiet })).rejects.toThrow(/must end with \.sock/);
    await expect(startEmbeddedMongo({ dbPath: path.join(dir, "db2"), socketPath: path.join(dir, "m.sock"), port: 0, logger: quiet })).rejects.toThrow(/cannot be combined/);
  });
});

/** The CLI with `args`, in its own process group; resolves once it printed `readyLine`. */
async function runCli(args: string[], readyLine: RegExp) {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(PACKAGE_DIR, "src", "cli.ts"), ...args], { cwd: REPO_DIR, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  proc.stdout.on("data", (c: Buffer) => { out += c.toString(); });
  proc.stderr.on("data", (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => { resolve(code); }));
  const deadline = Date.now() + 30_000;
  let code: number | null | undefined;
  void exited.then((c) => { code = c; });
  while (!readyLine.test(out) && code === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return { proc, exited, out: () => out, group: (sig: NodeJS.Signals) => { process.kill(-(proc.pid ?? 0), sig); } };
}

describe("CLI arguments", () => {
  it("parses --socket, --auth and --credentials-file, and refuses the combinations that make no sense", async () => {
    const { parseCliArgs } = await import("../../src/cli-args");
    expect(parseCliArgs(["--dbpath", "d", "--socket", "/x/e.sock", "--auth", "--credentials-file", "/x/c.json"])).toMatchObject({ socketPath: "/x/e.sock", auth: true, credentialsFile: "/x/c.json" });
    expect(parseCliArgs(["--dbpath", "d"])).toMatchObject({ port: 27017, auth: false, socketPath: undefined });
    expect(() => parseCliArgs(["--dbpath", "d", "--credentials-file", "c.json"])).toThrow(/needs --auth/);
    expect(() => parseCliArgs(["--dbpath", "d", "--socket", "/x/e.sock", "--host", "0.0.0.0"])).toThrow(/cannot be combined/);
    expect(() => parseCliArgs(["--dbpath", "d", "--socket", "/x/e"])).toThrow(/\.sock/);
    expect(() => parseCliArgs(["--dbpath", "d", "--auth=yes"])).toThrow(/no value/);
  });
});

describe("CLI --socket", () => {
  it("refuses --socket with --port, listens on the socket, replaces the stale socket of a killed engine, removes it on a clean stop", async () => {
    const dir = await makeTempDir("clisock");
    const sock = path.join(dir, "s", "e.sock");
    const db = path.join(dir, "db");
    const ready = new RegExp(`embedded-mongo listening on ${sock.replace(/[.]/g, "\\.")} dbpath=`);
    try {
      const bad = await runCli(["--dbpath", db, "--socket", sock, "--port", "0"], ready);
      expect(await bad.exited).toBe(2);
      expect(bad.out()).toContain("--socket and --port cannot be combined");

      const a = await runCli(["--dbpath", db, "--socket", sock], ready);
      expect(a.out()).toMatch(ready);
      expect(mode(sock)).toBe(0o600);
      expect(mode(path.dirname(sock))).toBe(0o700);
      await withClient(`mongodb://${encodeURIComponent(sock)}/x`, (c) => c.db().collection("c").insertOne({ n: 1 }));
      a.group("SIGKILL");
      await a.exited;
      expect(statSync(sock).isSocket(), "kill -9 leaves the socket file behind").toBe(true);

      const b = await runCli(["--dbpath", db, "--socket", sock], ready);
      expect(b.out()).toMatch(ready);
      expect(await withClient(`mongodb://${encodeURIComponent(sock)}/x`, (c) => c.db().collection("c").countDocuments())).toBe(1);
      b.group("SIGTERM");
      expect(await b.exited).toBe(0);
      expect(() => statSync(sock)).toThrow(/ENOENT/);
    } finally {
      await removeDir(dir);
    }
  });
});

describe("SCRAM-SHA-256 authentication", () => {
  let dir = "";
  let engine: EmbeddedMongo | undefined;
  let uri = "";
  const credsFile = () => path.join(dir, "db-credentials.json");
  beforeAll(async () => {
    dir = await makeTempDir("auth");
    engine = await startEmbeddedMongo({ dbPath: path.join(dir, "db"), socketPath: path.join(dir, "db", "mongod.sock"), auth: true, credentialsFile: credsFile(), logger: quiet });
    uri = engine.uri;
  });
  afterAll(async () => {
    await engine?.stop();
    await removeDir(dir);
  });

  const authed = () => {
    const c = engine?.credentials;
    if (!c) throw new Error("no credentials");
    return { auth: { username: c.username, password: c.password }, authSource: c.authSource };
  };

  it("creates the credentials file 0600 with a random password and reports it", () => {
    expect(mode(credsFile())).toBe(0o600);
    const stored = JSON.parse(readFileSync(credsFile(), "utf8")) as { username: string; password: string };
    expect(engine?.credentials).toEqual({ username: stored.username, password: stored.password, authSource: "admin", authMechanism: "SCRAM-SHA-256" });
    expect(stored.password.length).toBeGreaterThanOrEqual(32);
  });

  it("refuses find, insert and listDatabases without credentials (code 13), but answers the handshake", async () => {
    await withClient(`${uri}app`, async (client) => {
      expect((await client.db("admin").command({ ping: 1 })).ok).toBe(1);
      const coll = client.db().collection("secrets");
      for (const [name, run] of [
        ["find", () => coll.find({}).toArray()],
        ["insert", () => coll.insertOne({ x: 1 })],
        ["listDatabases", () => client.db().admin().listDatabases()],
        ["update", () => coll.updateOne({}, { $set: { role: "admin" } })],
      ] as const) {
        const err = await refusal(run());
        expect(err.code, name).toBe(13);
        expect(err.codeName).toBe("Unauthorized");
        expect(err.message).toBe(`Command ${name} requires authentication`);
      }
    });
  });

  it("fails authentication with a wrong password or an unknown user (code 18)", async () => {
    for (const auth of [{ username: authed().auth.username, password: "wrong-password" }, { username: "nobody", password: authed().auth.password }]) {
      const client = new MongoClient(`${uri}app`, { ...FAST_FAIL, auth, authSource: "admin" });
      try {
        const err = await refusal(client.connect());
        expect(err.code).toBe(18);
        expect(err.codeName).toBe("AuthenticationFailed");
      } finally {
        await client.close(true);
      }
    }
    // The right password against another database than the one the user lives in.
    const client = new MongoClient(`${uri}app`, { ...FAST_FAIL, auth: authed().auth, authSource: "app" });
    try {
      expect((await refusal(client.connect())).code).toBe(18);
    } finally {
      await client.close(true);
    }
  });

  it("lets the right credentials read and write (speculative authentication in hello)", async () => {
    const client = new MongoClient(`${uri}app`, { ...FAST_FAIL, ...authed() });
    try {
      await client.db().collection("c").insertOne({ _id: "ok" } as Document);
      expect(await client.db().collection("c").countDocuments()).toBe(1);
      expect((await client.db().admin().listDatabases()).databases.map((d) => d.name)).toContain("app");
    } finally {
      await client.close();
    }
  });

  it("answers hello's saslSupportedMechs and starts a speculativeAuthenticate conversation", async () => {
    const { username } = authed().auth;
    const client = new MongoClient(`${uri}app`, { ...FAST_FAIL, maxPoolSize: 1 });
    try {
      const clientNonce = randomBytes(18).toString("base64");
      const hello = await client.db("admin").command({
        hello: 1,
        saslSupportedMechs: `admin.${username}`,
        speculativeAuthenticate: { saslStart: 1, mechanism: "SCRAM-SHA-256", payload: new Binary(Buffer.from(`n,,n=${username},r=${clientNonce}`)), db: "admin" },
      });
      expect(hello.saslSupportedMechs).toEqual(["SCRAM-SHA-256"]);
      const spec = hello.speculativeAuthenticate as { conversationId: number; done: boolean; payload: Binary };
      expect(spec.done).toBe(false);
      expect(Buffer.from(spec.payload.buffer).toString()).toMatch(new RegExp(`^r=${clientNonce.replace(/[+/]/g, "\\$&")}[^,]+,s=[^,]+,i=15000$`));
      const unknown = await client.db("admin").command({ hello: 1, saslSupportedMechs: "admin.nobody" });
      expect(unknown.saslSupportedMechs).toBeUndefined();
    } finally {
      await client.close(true);
    }
  });

  it("runs the saslStart/saslContinue conversation, with and without skipEmptyExchange", async () => {
    const { username, password } = authed().auth;
    for (const skipEmptyExchange of [true, false]) {
      // A bare client (no credentials) authenticates its one connection by hand.
      const client = new MongoClient(`${uri}app`, { ...FAST_FAIL, maxPoolSize: 1 });
      try {
        const admin = client.db("admin");
        expect((await refusal(client.db().collection("c").findOne())).code).toBe(13);
        const clientNonce = randomBytes(18).toString("base64");
        const clientFirstBare = `n=${username},r=${clientNonce}`;
        const start = await admin.command({ saslStart: 1, mechanism: "SCRAM-SHA-256", payload: new Binary(Buffer.from(`n,,${clientFirstBare}`)), autoAuthorize: 1, ...(skipEmptyExchange ? { options: { skipEmptyExchange: true } } : {}) });
        expect(start.done).toBe(false);
        const serverFirst = Buffer.from((start.payload as Binary).buffer).toString();
        const attrs = Object.fromEntries(serverFirst.split(",").map((p) => [p[0], p.slice(2)])) as Record<string, string>;
        expect(attrs.r?.startsWith(clientNonce)).toBe(true);
        expect(Number(attrs.i)).toBeGreaterThanOrEqual(15_000);
        const salted = pbkdf2Sync(password, Buffer.from(attrs.s ?? "", "base64"), Number(attrs.i), 32, "sha256");
        const clientKey = createHmac("sha256", salted).update("Client Key").digest();
        const storedKey = createHash("sha256").update(clientKey).digest();
        const withoutProof = `c=biws,r=${attrs.r ?? ""}`;
        const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
        const signature = createHmac("sha256", storedKey).update(authMessage).digest();
        const proof = Buffer.from(clientKey.map((b, i) => b ^ (signature[i] ?? 0))).toString("base64");
        const wrong = Buffer.from(clientKey.map((b, i) => b ^ (signature[i] ?? 0) ^ (i === 0 ? 1 : 0))).toString("base64");
        if (!skipEmptyExchange) {
          // A forged proof ends the conversation.
          expect((await refusal(admin.command({ saslContinue: 1, conversationId: start.conversationId as number, payload: new Binary(Buffer.from(`${withoutProof},p=${wrong}`)) }))).code).toBe(18);
          expect((await refusal(client.db().collection("c").findOne())).code).toBe(13);
          continue;
        }
        const final = await admin.command({ saslContinue: 1, conversationId: start.conversationId as number, payload: new Binary(Buffer.from(`${withoutProof},p=${proof}`)) });
        const serverKey = createHmac("sha256", salted).update("Server Key").digest();
        expect(Buffer.from((final.payload as Binary).buffer).toString()).toBe(`v=${createHmac("sha256", serverKey).update(authMessage).digest("base64")}`);
        expect(final.done).toBe(true);
        expect(await client.db().collection("c").countDocuments()).toBe(1);
      } finally {
        await client.close(true);
      }
    }
  });

  it("refuses to start when the credentials file is readable by other users", async () => {
    const other = await makeTempDir("authmode");
    try {
      const file = path.join(other, "creds.json");
      writeFileSync(file, JSON.stringify({ username: "u", password: "p4ssword" }));
      chmodSync(file, 0o644);
      await expect(startEmbeddedMongo({ dbPath: path.join(other, "db"), port: 0, auth: true, credentialsFile: file, logger: quiet })).rejects.toThrow(/accessible by other users/);
      chmodSync(file, 0o600);
      // A hand-written file works, over TCP as well.
      const e = await startEmbeddedMongo({ dbPath: path.join(other, "db"), port: 0, auth: true, credentialsFile: file, logger: quiet });
      try {
        expect(e.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
        expect((await refusal(withClient(`${e.uri}x`, (c) => c.db().collection("c").findOne()))).code).toBe(13);
        expect(await withClient(`${e.uri}x`, (c) => c.db().collection("c").countDocuments()).catch(() => -1)).toBe(-1);
        const c = new MongoClient(`${e.uri}x`, { ...FAST_FAIL, auth: { username: "u", password: "p4ssword" }, authSource: "admin" });
        try {
          expect(await c.db().collection("c").countDocuments()).toBe(0);
        } finally {
          await c.close();
        }
      } finally {
        await e.stop();
      }
    } finally {
      await removeDir(other);
    }
  });

  it("does not answer OP_MSG commands on a raw connection before authentication", async () => {
    // A hand-made OP_MSG { find: "c", $db: "app" }: the reply is an error document, not data.
    const { serialize, deserialize } = await import("bson");
    const body = Buffer.from(serialize({ find: "c", $db: "app" }));
    const frame = Buffer.alloc(21 + body.length);
    frame.writeInt32LE(frame.length, 0);
    frame.writeInt32LE(1, 4);
    frame.writeInt32LE(0, 8);
    frame.writeInt32LE(2013, 12);
    frame.writeUInt32LE(0, 16);
    frame.writeUInt8(0, 20);
    body.copy(frame, 21);
    const reply = await new Promise<Document>((resolve, reject) => {
      const s = connect(engine?.socketPath ?? "");
      let buf = Buffer.alloc(0);
      s.on("data", (c: Buffer) => {
        buf = Buffer.concat([buf, c]);
        if (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
          s.destroy();
          resolve(deserialize(buf.subarray(21, buf.readInt32LE(0))));
        }
      });
      s.on("error", reject);
      s.write(frame);
    });
    expect(reply).toMatchObject({ ok: 0, code: 13, codeName: "Unauthorized" });
  });
});
