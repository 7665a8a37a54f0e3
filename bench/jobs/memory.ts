import { readdirSync, readFileSync } from "node:fs";
import v8 from "node:v8";

/**
 * Peak memory of the bench's process (the server: its RSS, V8's heap spaces, Buffers) and of the
 * embedded engine's process (a child of ours, found in /proc; Linux only, else NaN), sampled every
 * 20 ms from a baseline. Growth = peak - baseline.
 */
export interface MemoryFigures {
  rss: number;
  /** V8's young generation (semi-spaces), committed. */
  newSpace: number;
  /** V8's old generation: old, code, map and large-object spaces, committed. */
  oldSpaces: number;
  external: number;
  engineRss: number;
}

const MIB = 1024 * 1024;

function sample(enginePid: number | null): MemoryFigures {
  const m = process.memoryUsage();
  let newSpace = 0;
  let oldSpaces = 0;
  for (const s of v8.getHeapSpaceStatistics()) {
    if (s.space_name === "new_space" || s.space_name === "new_large_object_space") newSpace += s.space_size;
    else oldSpaces += s.space_size;
  }
  return { rss: m.rss, newSpace, oldSpaces, external: m.external, engineRss: enginePid === null ? NaN : rssOf(enginePid) };
}

/** VmRSS of a process, in bytes. */
function rssOf(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
    return line ? Number(line.replace(/\D+/g, "")) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The embedded engine: the child of this process whose command line runs embedded-mongo's cli. */
function enginePid(): number | null {
  try {
    for (const task of readdirSync("/proc/self/task")) {
      for (const child of readFileSync(`/proc/self/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) {
        if (readFileSync(`/proc/${child}/cmdline`, "utf8").includes("embedded-mongo")) return Number(child);
      }
    }
  } catch {
    // not Linux
  }
  return null;
}

export function startMemorySampler(): { baseline: MemoryFigures; stop(): MemoryFigures } {
  const pid = enginePid();
  const baseline = sample(pid);
  const peak = { ...baseline };
  const timer = setInterval(() => {
    const now = sample(pid);
    for (const k of Object.keys(peak) as (keyof MemoryFigures)[]) peak[k] = Math.max(peak[k], now[k]);
  }, 20);
  return {
    baseline,
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

export function describeGrowth(baseline: MemoryFigures, peak: MemoryFigures): string {
  const g = (k: keyof MemoryFigures) => ((peak[k] - baseline[k]) / MIB).toFixed(1);
  return `peak RSS growth ${g("rss")} MiB (baseline ${(baseline.rss / MIB).toFixed(1)} MiB; peak growth of V8's young generation ` +
    `${g("newSpace")} MiB (baseline ${(baseline.newSpace / MIB).toFixed(1)}), old generation ${g("oldSpaces")} MiB, Buffers ${g("external")} MiB; ` +
    `the engine's process: RSS growth ${g("engineRss")} MiB)`;
}
