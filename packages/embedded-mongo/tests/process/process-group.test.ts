import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { MongoClient } from "mongodb";
import { afterEach, expect, it } from "vitest";
import { startEmbeddedMongo } from "../../src/index";
import { PACKAGE_DIR, REPO_DIR } from "../support/cli";
import { sleep } from "../support/client";
import { makeTempDir, removeDir } from "../support/tmp";

const PARENT = path.join(PACKAGE_DIR, "tests", "support", "group-parent.ts");

interface Parent {
  proc: ChildProcess;
  events: Record<string, unknown>[];
  output: () => string;
  exited: Promise<number | null>;
  ready: Promise<{ pid: number; enginePid: number }>;
}

const started: Parent[] = [];
const dirs: string[] = [];
const enginePids: number[] = [];

/** The parent as its own process group (detached), like a server started from a shell or by systemd. */
function startParent(dir: string): Parent {
  const proc = spawn(process.execPath, ["--import", "tsx", PARENT, dir], { cwd: REPO_DIR, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const events: Record<string, unknown>[] = [];
  let out = "";
  let stdoutBuf = "";
  let onReady: (v: { pid: number; enginePid: number }) => void = () => undefined;
  const ready = new Promise<{ pid: number; enginePid: number }>((resolve) => { onReady = resolve; });
  proc.stdout.on("data", (c: Buffer) => {
    out += c.toString();
    stdoutBuf += c.toString();
    let nl;
    while ((nl = stdoutBuf.indexOf("\n")) >= 0) {
      const line = stdoutBuf.slice(0, nl);
      stdoutBuf = stdoutBuf.slice(nl + 1);
      if (!line.startsWith("{")) continue;
      const ev = JSON.parse(line) as Record<string, unknown>;
      events.push(ev);
      if (ev.event === "ready") {
        enginePids.push(Number(ev.enginePid));
        onReady({ pid: Number(ev.pid), enginePid: Number(ev.enginePid) });
      }
    }
  });
  proc.stderr.on("data", (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => { resolve(code); }));
  const parent = { proc, events, output: () => out, exited, ready };
  started.push(parent);
  return parent;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function within<T>(p: Promise<T>, ms: number, what: string, output: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => { reject(new Error(`${what} within ${String(ms)} ms\n${output()}`)); }, ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reopens the store the way the parent ran it and returns the ids of pg.docs. */
async function storedIds(dir: string): Promise<string[]> {
  const engine = await startEmbeddedMongo({
    dbPath: path.join(dir, "db"), socketPath: path.join(dir, "db", "mongod.sock"), auth: true,
    credentialsFile: path.join(dir, "db-credentials.json"), logger: () => undefined,
  });
  const creds = engine.credentials;
  const client = new MongoClient(`${engine.uri}pg`, { ...(creds ? { auth: { username: creds.username, password: creds.password }, authSource: creds.authSource } : {}), serverSelectionTimeoutMS: 3000 });
  try {
    const docs = await client.db().collection<{ _id: string }>("docs").find().sort({ _id: 1 }).toArray();
    return docs.map((d) => d._id);
  } finally {
    await client.close();
    await engine.stop();
  }
}

afterEach(async () => {
  for (const p of started.splice(0)) {
    if (p.proc.exitCode === null && p.proc.signalCode === null && p.proc.pid) {
      try { process.kill(-p.proc.pid, "SIGKILL"); } catch { /* gone */ }
    }
  }
  for (const pid of enginePids.splice(0)) {
    if (alive(pid)) process.kill(pid, "SIGKILL");
  }
  for (const d of dirs.splice(0)) await removeDir(d);
});

it("kill -TERM of the parent's process group (and a cgroup-wide SIGTERM to the engine): the parent's last write after the signal succeeds and is durable", async () => {
  const dir = await makeTempDir("pgroup");
  dirs.push(dir);
  const parent = startParent(dir);
  const { pid, enginePid } = await within(parent.ready, 60_000, "parent not ready", parent.output);
  expect(pid).toBe(parent.proc.pid);
  // What Ctrl-C / `kill -TERM -PGID` does: the whole group at once. systemd (KillMode=control-group)
  // signals every process of the service, the engine included: do that too.
  process.kill(-pid, "SIGTERM");
  process.kill(enginePid, "SIGTERM");
  const code = await within(parent.exited, 30_000, "parent did not exit by itself", parent.output);
  expect(parent.events.map((e) => e.event), parent.output()).toEqual(["ready", "sigterm", "wrote-after-signal", "stopped"]);
  expect(code).toBe(0);
  expect(parent.output()).not.toMatch(/exited unexpectedly/);
  expect(alive(enginePid)).toBe(false);
  expect(await storedIds(dir)).toEqual(["after-signal", "before-signal"]);
});

it("kill -9 of the parent: the engine notices (IPC disconnect), flushes and exits by itself within a few seconds", async () => {
  const dir = await makeTempDir("pgkill9");
  dirs.push(dir);
  const parent = startParent(dir);
  const { pid, enginePid } = await within(parent.ready, 60_000, "parent not ready", parent.output);
  expect(alive(enginePid)).toBe(true);
  // Only the parent: the engine is in a process group of its own and must not be orphaned.
  process.kill(pid, "SIGKILL");
  await parent.exited;
  const deadline = Date.now() + 5000;
  while (alive(enginePid) && Date.now() < deadline) await sleep(50);
  expect(alive(enginePid), `engine ${String(enginePid)} still running 5 s after its parent was killed`).toBe(false);
  // It shut down cleanly: the lock is released and the acknowledged write is there.
  expect(await storedIds(dir)).toEqual(["before-signal"]);
});
