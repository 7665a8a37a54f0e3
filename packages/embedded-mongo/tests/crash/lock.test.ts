import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CliEngine, kill9, spawnCli, startCli, waitExit } from "../support/cli";
import { withClient } from "../support/client";
import { makeTempDir, removeDir } from "../support/tmp";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir("lock");
  cleanup.push(() => removeDir(dir));
  return dir;
}

async function start(dir: string): Promise<CliEngine> {
  const engine = await startCli(dir);
  cleanup.push(() => kill9(engine));
  return engine;
}

const count = (uri: string) => withClient(uri, (c) => c.db("lock").collection("docs").countDocuments());
const insert = (uri: string, n: number) =>
  withClient(uri, (c) => c.db("lock").collection("docs").insertMany(Array.from({ length: n }, (_, i) => ({ i }))));

/** A pid that certainly belongs to no running process: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  if (child.pid === undefined) throw new Error("no pid");
  return child.pid;
}

describe("dbpath lock", () => {
  it("refuses a second engine on a dbpath in use, with a clear message", async () => {
    const dir = await tempDir();
    const a = await start(dir);
    const b = spawnCli(dir);
    cleanup.push(() => kill9(b));
    const exit = await waitExit(b, 30_000);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(b.output()).toMatch(/lock|in use/i);
    expect(b.output()).toMatch(/dbpath/i);
    expect(b.output()).not.toMatch(/listening on/);
    await insert(a.uri, 1);
    expect(await count(a.uri)).toBe(1);
  });

  it("takes over the lock of an engine killed with kill -9", async () => {
    const dir = await tempDir();
    const a = await start(dir);
    await insert(a.uri, 5);
    const lockFiles = (await readdir(dir)).filter((n) => /lock/i.test(n));
    await kill9(a);
    expect(lockFiles.filter((n) => existsSync(path.join(dir, n))), "kill -9 cannot remove the lock").not.toEqual([]);
    const b = await start(dir);
    expect(await count(b.uri)).toBe(5);
  });

  it("takes over a lock naming a pid that is not running", async () => {
    const dir = await tempDir();
    const a = await start(dir);
    const lockFiles = (await readdir(dir)).filter((n) => /lock/i.test(n));
    await insert(a.uri, 2);
    await kill9(a);
    const pid = await deadPid();
    for (const n of lockFiles) await writeFile(path.join(dir, n), `${pid}\n`);
    const b = await start(dir);
    expect(await count(b.uri)).toBe(2);
  });
});

describe("simultaneous starts", () => {
  it.each([false, true])("exactly one of 6 engines started at once wins the dbpath (stale lock present: %s)", async (stale) => {
    const dir = await tempDir();
    if (stale) await writeFile(path.join(dir, "engine.lock"), `${await deadPid()}\n`);
    const racers = Array.from({ length: 6 }, () => spawnCli(dir));
    for (const r of racers) cleanup.push(() => kill9(r));
    const ready = (r: (typeof racers)[number]) => /listening on/.test(r.output());
    // Everyone either announces readiness or exits; give slow starters time on a busy machine.
    const deadline = Date.now() + 40_000;
    while (Date.now() < deadline && !racers.every((r) => ready(r) || r.proc.exitCode !== null)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const alive = racers.filter((r) => r.proc.exitCode === null && r.proc.signalCode === null);
    expect(racers.filter(ready), racers.map((r) => r.output()).join("\n----\n")).toHaveLength(1);
    expect(alive).toHaveLength(1);
    expect(racers.filter((r) => r.proc.exitCode !== null).every((r) => r.proc.exitCode !== 0)).toBe(true);
  });
});

describe("clean shutdown", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("%s exits 0 and the data survives a restart", async (sig) => {
    const dir = await tempDir();
    const a = await start(dir);
    await insert(a.uri, 50);
    a.signal(sig);
    expect(await waitExit(a, 20_000)).toEqual({ code: 0, signal: null });
    const b = await start(dir);
    expect(await count(b.uri)).toBe(50);
  });
});
