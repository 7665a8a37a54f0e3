import { closeSync, fsync, openSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { type LogicalOp } from "../engine/catalog.js";
import { fsyncDir, SNAPSHOT_FILE, SNAPSHOT_TMP_FILE } from "./dbpath-files.js";
import { encodeRecord } from "./record-format.js";

const CHUNK_OPS = 500;

/** fsync on the thread pool: a large snapshot's flush would otherwise stall every client's writes. */
function fsyncAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fsync(fd, (err) => {
      if (err) reject(err);
      else resolve();
    });
  });
}

function writeAllSync(fd: number, data: Buffer): void {
  let written = 0;
  while (written < data.length) written += writeSync(fd, data, written, data.length - written);
}

/**
 * Writes a snapshot: temp file, fsync, atomic rename, directory fsync. Stored documents are
 * never mutated in place (updates replace them), so `ops` captured synchronously at the
 * journal switch point can be encoded incrementally without blocking the event loop.
 */
export async function writeSnapshot(dbPath: string, journalGen: number, ops: LogicalOp[]): Promise<void> {
  const tmp = join(dbPath, SNAPSHOT_TMP_FILE);
  const fd = openSync(tmp, "w");
  try {
    writeAllSync(fd, encodeRecord({ op: "snapshot", journalGen, createdAt: new Date() }));
    for (let i = 0; i < ops.length; i += CHUNK_OPS) {
      const chunk = ops.slice(i, i + CHUNK_OPS).map((op) => encodeRecord(op));
      writeAllSync(fd, Buffer.concat(chunk));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await fsyncAsync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dbPath, SNAPSHOT_FILE));
  fsyncDir(dbPath);
}
