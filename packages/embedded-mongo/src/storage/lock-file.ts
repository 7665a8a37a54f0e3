import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export class DbPathLockedError extends Error {
  constructor(readonly dbPath: string, readonly holderPid: number) {
    super(`dbpath ${dbPath} is already in use by another embedded-mongo engine (pid ${holderPid}); refusing to start`);
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isOtherProgram(pid);
}

/**
 * After a kill -9 the pid in a stale lock may have been reused by an unrelated process.
 * Where /proc is available, a live pid only counts if it looks like an engine.
 */
function isOtherProgram(pid: number): boolean {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return false; // no /proc (or no access): trust the pid
  }
  return !cmdline.includes("embedded-mongo") && !cmdline.includes("--dbpath") && !cmdline.includes("cli.ts");
}

/**
 * `dbPath/engine.lock` holds the owner's pid. It is created atomically with its content (the pid is
 * written to a private temp file that is then hard-linked into place), so no reader ever sees an
 * empty lock. A lock whose pid is no longer alive (e.g. after kill -9) is stale: a contender moves it
 * aside with one rename (only one contender can win that rename), checks that what it moved is the
 * stale lock, and puts it back if it turns out to be a live one taken over in the meantime.
 */
export class LockFile {
  private constructor(readonly path: string) {}

  static acquire(dbPath: string): LockFile {
    const path = join(dbPath, "engine.lock");
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${process.pid}\n`);
    const fd = openSync(tmp, "r");
    fsyncSync(fd);
    closeSync(fd);
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          linkSync(tmp, path);
          return new LockFile(path);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        }
        const holder = readPid(path);
        if (holder === null) continue; // removed concurrently: retry
        if (holder !== process.pid && isAlive(holder)) throw new DbPathLockedError(dbPath, holder);
        takeOverStale(path, holder);
      }
      throw new DbPathLockedError(dbPath, readPid(path) ?? -1);
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  release(): void {
    if (readPid(this.path) === process.pid) rmSync(this.path, { force: true });
  }
}

function readPid(path: string): number | null {
  try {
    return Number.parseInt(readFileSync(path, "utf8").trim(), 10);
  } catch {
    return null;
  }
}

/** Moves a stale lock aside and deletes it; restores it if what was moved is not the stale one. */
function takeOverStale(path: string, stalePid: number): void {
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // another contender moved it first: retry from the start
  }
  const moved = readPid(aside);
  if (moved !== stalePid && moved !== null && isAlive(moved)) {
    try {
      linkSync(aside, path); // a live lock was taken over in the meantime: give it back
    } catch {
      /* a third contender has linked its own lock: it holds the dbpath now */
    }
  }
  rmSync(aside, { force: true });
}
