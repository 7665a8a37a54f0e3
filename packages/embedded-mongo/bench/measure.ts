import { closeSync, fdatasyncSync, openSync, writeSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};

/** Run `op` from `concurrency` loops for `ms` milliseconds; completed operations per second. */
export async function opsPerSecond(ms: number, concurrency: number, op: (loop: number, i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  const end = started + ms;
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, loop) => {
    for (let i = 0; performance.now() < end; i++) {
      await op(loop, i);
      done++;
    }
  }));
  return done / ((performance.now() - started) / 1000);
}

/** Median cost in ms of appending 128 bytes and fdatasync-ing them, over `n` rounds, in `dir`. */
export function fsyncCostMs(dir: string, n = 200): number {
  const fd = openSync(path.join(dir, "fsync-probe"), "a");
  const record = Buffer.alloc(128, 7);
  const samples: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      writeSync(fd, record);
      const t = performance.now();
      fdatasyncSync(fd);
      samples.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
  }
  return median(samples);
}

/** Resident set size of another process, in bytes (Linux /proc, else ps). */
export async function rssBytes(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    if (m?.[1]) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  const { stdout } = await promisify(execFile)("ps", ["-o", "rss=", "-p", String(pid)]);
  return Number(stdout.trim()) * 1024;
}

/** Runs `op` from `concurrency` loops until `until()` is true (checked between ops); each op's latency in ms. */
export async function latenciesUntil(until: () => boolean, concurrency: number, op: (loop: number, i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(Array.from({ length: concurrency }, async (_, loop) => {
    for (let i = 0; !until(); i++) {
      const t = performance.now();
      await op(loop, i);
      samples.push(performance.now() - t);
    }
  }));
  return samples;
}

/** The p-th percentile (0..100) of samples, nearest rank. */
export const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
