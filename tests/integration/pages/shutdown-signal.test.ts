import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedMongo } from "embedded-mongo";
import { MongoClient } from "mongodb";
import { afterAll, expect, it } from "vitest";
import { DEMO, closeAllSockets, connect, loginAs } from "../support/harness";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let proc: ChildProcess | null = null;
let dataDir = "";

afterAll(async () => {
  closeAllSockets();
  if (proc?.pid && proc.exitCode === null && proc.signalCode === null) process.kill(-proc.pid, "SIGKILL");
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it("Ctrl-C / kill -TERM of the server's process group: shutdown still saves realtime state (lastSeenAt) and the engine is not reported dead", async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "ll-sig-"));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: "0", DATA_DIR: dataDir };
  delete env.MONGODB_URI;
  // As a shell starts it: the server leads its own process group, which the signal goes to.
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  proc = server;
  let out = "";
  server.stdout.on("data", (c: Buffer) => { out += c.toString(); });
  server.stderr.on("data", (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => { resolve(code); }));
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (!url && Date.now() < deadline && server.exitCode === null) {
    url = /\[server\] ready on (http:\/\/localhost:\d+)/.exec(out)?.[1];
    if (!url) await new Promise((r) => setTimeout(r, 100));
  }
  if (!url) throw new Error(`server not ready\n${out}`);

  const learner = await loginAs(url, DEMO.learner1);
  await connect(url, { token: learner.token });
  const signalledAt = new Date();
  process.kill(-(server.pid ?? 0), "SIGTERM");
  const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => { r("timeout"); }, 25_000))]);
  expect(code, out).toBe(0);
  expect(out).toContain("[server] SIGTERM: shutting down");
  expect(out).not.toMatch(/not saved|exited unexpectedly|ECONNREFUSED|ENOENT/);

  // The write made after the signal (everyone still online gets lastSeenAt) is durable.
  const engine = await startEmbeddedMongo({
    dbPath: path.join(dataDir, "db"), socketPath: path.join(dataDir, "db", "mongod.sock"), auth: true,
    credentialsFile: path.join(dataDir, "db-credentials.json"), logger: () => undefined,
  });
  const creds = engine.credentials;
  const client = new MongoClient(`${engine.uri}learnlive`, { auth: { username: creds?.username, password: creds?.password }, authSource: "admin", serverSelectionTimeoutMS: 5000 });
  try {
    const user = await client.db().collection<{ email: string; lastSeenAt?: Date }>("users").findOne({ email: DEMO.learner1 });
    expect(user?.lastSeenAt?.getTime() ?? 0).toBeGreaterThanOrEqual(signalledAt.getTime() - 1000);
  } finally {
    await client.close();
    await engine.stop();
  }
});
