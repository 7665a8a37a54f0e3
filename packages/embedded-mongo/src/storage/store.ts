import { mkdirSync, unlinkSync } from "node:fs";
import { engineStages } from "../commands/latency-stats.js";
import { Catalog, type LogicalOp } from "../engine/catalog.js";
import { fsyncDir, journalPath, listJournalGens } from "./dbpath-files.js";
import { writeSnapshot } from "./snapshot-writer.js";
import { JournalWriter } from "./journal-writer.js";
import { LockFile } from "./lock-file.js";
import { encodeRecord, RECORD_HEADER_BYTES } from "./record-format.js";
import { commandError } from "../errors.js";
import { bsonSize } from "../wire/bson-codec.js";
import { MAX_BSON_OBJECT_SIZE } from "../wire/limits.js";
import { recover } from "./recovery.js";

export interface StoreOptions {
  dbPath: string;
  compactEveryOps?: number;
  log: (line: string) => void;
  onFatal: (err: Error) => void;
}

/**
 * Durable state: the in-memory catalog plus the journal. `commit` applies an op to memory
 * (all-or-nothing) and queues its journal record; `durable` resolves after group commit.
 */
export class Store {
  readonly catalog = new Catalog();
  private journal!: JournalWriter;
  private gen = 0;
  private retiring: Promise<void> | null = null;
  private opsSinceCompaction = 0;
  private compacting: Promise<void> | null = null;
  private readonly compactEveryOps: number;
  private readonly lock: LockFile;

  constructor(private readonly opts: StoreOptions) {
    this.compactEveryOps = opts.compactEveryOps ?? 20_000;
    mkdirSync(opts.dbPath, { recursive: true });
    this.lock = LockFile.acquire(opts.dbPath);
    try {
      const started = Date.now();
      const result = recover(opts.dbPath, this.catalog, opts.log);
      this.gen = result.journalGen;
      this.opsSinceCompaction = result.replayedOps;
      this.journal = new JournalWriter(journalPath(opts.dbPath, this.gen), opts.onFatal);
      fsyncDir(opts.dbPath);
      opts.log(`recovered ${result.replayedOps} journal ops in ${Date.now() - started} ms`);
    } catch (err) {
      this.lock.release();
      throw err;
    }
  }

  /** Validates and applies `op` to memory (all-or-nothing) and queues its journal record. */
  commit(op: LogicalOp): void {
    let record: Buffer;
    try {
      record = encodeRecord(op);
    } catch (err) {
      // bson refuses to serialise documents beyond its ~17 MB buffer.
      if (op.op === "i" || op.op === "u") throw tooLarge(bsonSize(op.doc));
      throw err;
    }
    if (op.op === "i" || op.op === "u") checkDocumentSize(op, record.length);
    this.catalog.apply(op);
    this.journal.append(record);
    this.opsSinceCompaction++;
  }

  /** Resolves when every op committed so far is fsynced. */
  async durable(): Promise<void> {
    const started = performance.now();
    const current = this.journal.durable();
    if (this.retiring) await this.retiring;
    await current;
    engineStages.durableWait.record(performance.now() - started);
    if (this.opsSinceCompaction >= this.compactionThreshold() && !this.compacting) void this.startCompaction();
  }

  /**
   * Compact after `compactEveryOps` journal ops, or after as many ops as the snapshot will hold
   * documents, whichever is more: each compaction rewrites the whole data set, so tying it to the
   * data set's size keeps its cost per op constant as the store grows (and the replay on start at most
   * about one data set's worth of ops).
   */
  private compactionThreshold(): number {
    if (this.opsSinceCompaction < this.compactEveryOps) return this.compactEveryOps;
    return Math.max(this.compactEveryOps, this.catalog.documentCount());
  }

  startCompaction(): Promise<void> {
    if (this.compacting) return this.compacting;
    this.compacting = this.compact()
      .catch((err: unknown) => {
        this.opts.log(`compaction failed: ${err instanceof Error ? err.message : String(err)}`);
      })
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  /** Captures the state at a journal switch point (synchronously), then persists it as a snapshot. */
  private async compact(): Promise<void> {
    const dbPath = this.opts.dbPath;
    const nextGen = this.gen + 1;
    const captureStarted = performance.now();
    const ops = [...this.catalog.dumpOps()];
    engineStages.compactionCapture.record(performance.now() - captureStarted);
    const retiring = this.journal.close();
    this.retiring = retiring;
    this.journal = new JournalWriter(journalPath(dbPath, nextGen), this.opts.onFatal, retiring);
    this.gen = nextGen;
    this.opsSinceCompaction = 0;
    fsyncDir(dbPath);
    await retiring;
    if (this.retiring === retiring) this.retiring = null;
    await writeSnapshot(dbPath, nextGen, ops);
    for (const gen of listJournalGens(dbPath)) if (gen < nextGen) unlinkSync(journalPath(dbPath, gen));
    this.opts.log(`compacted ${ops.length} ops into snapshot (journal generation ${nextGen})`);
  }

  async close(): Promise<void> {
    if (this.compacting) await this.compacting;
    await this.durable();
    if (this.opsSinceCompaction > 0) await this.startCompaction();
    await this.journal.close();
    this.lock.release();
  }
}

/** The document inside an insert/replace record must fit MongoDB's 16 MiB limit. */
function checkDocumentSize(op: { db: string; coll: string; op: string }, recordLength: number): void {
  const overhead = RECORD_HEADER_BYTES + bsonSize({ op: op.op, db: op.db, coll: op.coll, doc: {} }) - 5;
  const size = recordLength - overhead;
  if (size > MAX_BSON_OBJECT_SIZE) throw tooLarge(size);
}

function tooLarge(size: number): Error {
  return commandError("BSONObjectTooLarge", `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`);
}
