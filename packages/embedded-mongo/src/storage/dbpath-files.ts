import { closeSync, fsyncSync, openSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const SNAPSHOT_FILE = "snapshot.bson";
export const SNAPSHOT_TMP_FILE = "snapshot.bson.tmp";

export function journalFileName(gen: number): string {
  return `journal-${String(gen).padStart(8, "0")}.log`;
}

/** Journal generations present in dbPath, ascending. */
export function listJournalGens(dbPath: string): number[] {
  const gens: number[] = [];
  for (const name of readdirSync(dbPath)) {
    const m = /^journal-(\d{8})\.log$/.exec(name);
    if (m?.[1]) gens.push(Number(m[1]));
  }
  return gens.sort((a, b) => a - b);
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function journalPath(dbPath: string, gen: number): string {
  return join(dbPath, journalFileName(gen));
}
