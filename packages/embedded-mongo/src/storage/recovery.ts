import { existsSync, readFileSync, truncateSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { type Catalog, type LogicalOp } from "../engine/catalog.js";
import { journalPath, listJournalGens, SNAPSHOT_FILE, SNAPSHOT_TMP_FILE } from "./dbpath-files.js";
import { decodeRecords } from "./record-format.js";

export interface RecoveryResult {
  /** Generation of the journal to keep appending to. */
  journalGen: number;
  replayedOps: number;
}

/** Loads the snapshot (if any) and replays journals written after it, truncating torn tails. */
export function recover(dbPath: string, catalog: Catalog, log: (line: string) => void): RecoveryResult {
  const tmp = join(dbPath, SNAPSHOT_TMP_FILE);
  if (existsSync(tmp)) unlinkSync(tmp); // an interrupted compaction: the old snapshot + journals are authoritative
  let baseGen = 0;
  const snapshotPath = join(dbPath, SNAPSHOT_FILE);
  if (existsSync(snapshotPath)) {
    const decoded = decodeRecords(readFileSync(snapshotPath));
    if (decoded.corruption) throw new Error(`snapshot ${snapshotPath} is corrupt: ${decoded.corruption}`);
    const [header, ...ops] = decoded.records;
    if (header?.op !== "snapshot" || typeof header.journalGen !== "number") {
      throw new Error(`snapshot ${snapshotPath} has no valid header`);
    }
    baseGen = header.journalGen;
    for (const op of ops) catalog.apply(op as LogicalOp);
  }
  let replayedOps = 0;
  let lastGen = baseGen;
  for (const gen of listJournalGens(dbPath)) {
    const path = journalPath(dbPath, gen);
    if (gen < baseGen) {
      unlinkSync(path); // already folded into the snapshot
      continue;
    }
    lastGen = gen;
    const data = readFileSync(path);
    const decoded = decodeRecords(data);
    if (decoded.corruption) {
      log(`journal ${path}: ${decoded.corruption}; truncating ${data.length - decoded.validBytes} bytes`);
      truncateSync(path, decoded.validBytes);
    }
    for (const record of decoded.records) {
      try {
        catalog.apply(record as LogicalOp);
        replayedOps++;
      } catch (err) {
        log(`journal ${path}: skipping unreplayable op ${String(record.op)}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  return { journalGen: lastGen, replayedOps };
}
