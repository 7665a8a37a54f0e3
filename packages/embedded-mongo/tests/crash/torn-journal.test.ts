import { appendFile, readdir, readFile, stat, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CliEngine, kill9, startCli } from "../support/cli";
import { withClient } from "../support/client";
import { makeRng, randBytes, testSeed } from "../support/prng";
import { makeTempDir, removeDir } from "../support/tmp";

const SEED = testSeed(0x70a2);
const N = 20;
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir("torn");
  cleanup.push(() => removeDir(dir));
  return dir;
}

async function start(dir: string): Promise<CliEngine> {
  const engine = await startCli(dir);
  cleanup.push(() => kill9(engine));
  return engine;
}

async function keys(uri: string): Promise<number[]> {
  return withClient(uri, async (c) =>
    (await c.db("torn").collection<{ i: number }>("docs").find({}).sort({ i: 1 }).toArray()).map((d) => d.i));
}

async function insert(uri: string, from: number, to: number): Promise<void> {
  await withClient(uri, async (c) => {
    for (let i = from; i < to; i++) await c.db("torn").collection("docs").insertOne({ i, body: `doc ${i}` });
  });
}

/** The newest non-empty journal file: the journal is every file except the lock and the snapshot. */
async function newestJournal(dir: string): Promise<string> {
  const names = (await readdir(dir)).filter((n) => !/lock|snapshot/i.test(n)).sort();
  const sized = await Promise.all(names.map(async (n) => ({ n, size: (await stat(path.join(dir, n))).size })));
  const last = sized.filter((f) => f.size > 0).pop();
  if (!last) throw new Error(`no journal file with data in ${dir}: ${names.join(", ")}`);
  return path.join(dir, last.n);
}

/** N acknowledged single inserts, then kill -9 so they live only in the journal. */
async function journalWithRecords(): Promise<{ dir: string; journal: string }> {
  const dir = await tempDir();
  const engine = await start(dir);
  await insert(engine.uri, 0, N);
  await kill9(engine);
  return { dir, journal: await newestJournal(dir) };
}

/** After recovery the engine must append cleanly: a new write survives another kill -9. */
async function expectWritableAfterRecovery(dir: string, expected: number[]): Promise<void> {
  const engine = await start(dir);
  expect(await keys(engine.uri)).toEqual(expected);
  await insert(engine.uri, 100, 101);
  await kill9(engine);
  const again = await start(dir);
  expect(await keys(again.uri)).toEqual([...expected, 100]);
}

const first = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("journal with a torn tail", () => {
  it("ignores garbage appended after the last record", async () => {
    const { dir, journal } = await journalWithRecords();
    await appendFile(journal, randBytes(makeRng(SEED), 37));
    await expectWritableAfterRecovery(dir, first(N));
  });

  it("drops a last record cut off mid-way and keeps the earlier ones", async () => {
    const { dir, journal } = await journalWithRecords();
    await truncate(journal, (await stat(journal)).size - 7);
    await expectWritableAfterRecovery(dir, first(N - 1));
  });

  it("drops a last record whose checksum no longer matches", async () => {
    const { dir, journal } = await journalWithRecords();
    const bytes = await readFile(journal);
    const at = bytes.length - 10;
    bytes.writeUInt8((bytes.readUInt8(at) ^ 0xff) & 0xff, at);
    await writeFile(journal, bytes);
    await expectWritableAfterRecovery(dir, first(N - 1));
  });

  it("opens a journal holding only a partial record header", async () => {
    const dir = await tempDir();
    const engine = await start(dir);
    await kill9(engine);
    const names = (await readdir(dir)).filter((n) => !/lock|snapshot/i.test(n));
    const journal = path.join(dir, names[0] ?? "journal-00000000.log");
    await writeFile(journal, Buffer.from([0x10, 0x00, 0x00]));
    await expectWritableAfterRecovery(dir, []);
  });
});
