import { closeSync, openSync, readFileSync, unlinkSync, writeSync, fsyncSync } from "node:fs";
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
 * `dbPath/engine.lock` holds the owner's pid, created with O_EXCL. A lock whose pid is
 * no longer alive (e.g. after kill -9) is stale and is taken over.
 */
export class LockFile {
  private constructor(readonly path: string) {}

  static acquire(dbPath: string): LockFile {
    const path = join(dbPath, "engine.lock");
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(path, "wx");
        writeSync(fd, `${process.pid}\n`);
        fsyncSync(fd);
        closeSync(fd);
        return new LockFile(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      let holder = NaN;
      try {
        holder = Number.parseInt(readFileSync(path, "utf8").trim(), 10);
      } catch {
        continue; // removed concurrently: retry
      }
      if (holder === process.pid || !isAlive(holder)) {
        try {
          unlinkSync(path);
        } catch {
          /* someone else took it over; retry */
        }
        continue;
      }
      throw new DbPathLockedError(dbPath, holder);
    }
    throw new DbPathLockedError(dbPath, -1);
  }

  release(): void {
    try {
      const holder = Number.parseInt(readFileSync(this.path, "utf8").trim(), 10);
      if (holder === process.pid) unlinkSync(this.path);
    } catch {
      /* already gone */
    }
  }
}
