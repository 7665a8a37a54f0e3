import { readFileSync } from "node:fs";
import os from "node:os";

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
