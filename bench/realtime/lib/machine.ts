import { readFileSync } from "node:fs";
import os from "node:os";
import { deflateSync } from "node:zlib";

/** Facts about the machine, and whether it is busy with other work (these machines are shared). */

function cpuTimes(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0); // idle + iowait
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // through steal
  return { busy: total - idle, total };
}

/** Fraction (0..1) of all cores busy over `ms`, counting every process on the machine and steal. */
export async function busyFraction(ms = 2000): Promise<number> {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  const total = b.total - a.total;
  return total > 0 ? (b.busy - a.busy) / total : 0;
}

export function describeMachine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  return `${cpu}, ${String(os.cpus().length)} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`;
}

/** 2 MiB of pseudo-random letters from a fixed seed: compressible, the same on every run. */
function probeData(): Buffer {
  const b = Buffer.alloc(2 << 20);
  let x = 1;
  for (let i = 0; i < b.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = 97 + ((x >> 16) % 16);
  }
  return b;
}

/**
 * How fast this core is right now: milliseconds for a fixed piece of work (deflating `probeData()`,
 * in C++ so the JIT's warmth does not enter), best of 5. These machines share their cores with
 * other tenants, and the same code can need a third more CPU in one hour than in another; each run
 * records this beside its result so that the report can tell a slower machine from a slower server.
 * The data is built per call and dropped after, so that a measured server does not keep it.
 */
export function speedProbe(): number {
  const data = probeData();
  let best = Number.POSITIVE_INFINITY;
  for (let t = 0; t < 5; t++) {
    const t0 = performance.now();
    deflateSync(data);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
