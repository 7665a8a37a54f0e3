import { readdirSync, readFileSync } from "node:fs";
import { monitorEventLoopDelay, performance, PerformanceObserver } from "node:perf_hooks";
import { openLoop } from "../lib/clock";

/**
 * What every bench server reports, whatever its stack: memory after a full GC, CPU and event-loop
 * delay over a window, and a paced broadcast loop that records when each numbered event was sent.
 */


export interface MemorySample {
  heapUsed: number; rss: number; childrenRss: number;
  /** Memory outside V8's heap held by JS objects (Buffers, ArrayBuffers): absent in results from before it was measured. */
  external?: number;
}

function gcTwice(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("start bench servers with --expose-gc");
  gc();
  gc();
}

/** This process's direct children (the embedded engine of variant D; not tsx's esbuild), from /proc. */
function children(): { rss: number; cpuMs: number } {
  let rss = 0;
  let cpuMs = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      if (!new RegExp(`^PPid:\\s+${process.pid}$`, "m").test(status) || /^Name:\s+esbuild/m.test(status)) continue;
      rss += Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) * 1024;
      // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second)
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      cpuMs += (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
    } catch {
      // the process went away meanwhile
    }
  }
  return { rss, cpuMs };
}
const childrenRss = (): number => children().rss;

export async function memory(): Promise<MemorySample> {
  gcTwice();
  await new Promise((r) => setTimeout(r, 50));
  gcTwice();
  const { heapUsed, external } = process.memoryUsage();
  return { heapUsed, external, rss: process.memoryUsage.rss(), childrenRss: childrenRss() };
}

export interface Usage {
  /** CPU of this process over the window, in % of one core. */
  cpuPct: number;
  /** Event-loop delay percentiles over the window, ms. */
  eldP50: number;
  eldP99: number;
  eldMax: number;
  rss: number;
  childrenRss: number;
  /** CPU of the children (D's engine) over the window, in % of one core. */
  childrenCpuPct: number;
  /** Garbage-collection pauses over the window: how many, their total and the longest, ms; `majors`: old-generation (mark-compact) collections among them. */
  gc?: { count: number; totalMs: number; maxMs: number; majors?: number };
  /** The longest pauses (GC) over the window, with their wall-clock start, to line up with slow messages. */
  longPauses?: { at: number; ms: number; kind: string }[];
}

/** perf_hooks' gc entry kinds are V8's GCType bits (NODE_PERFORMANCE_GC_MINOR = 1, _MAJOR = 4, ...). */
const GC_KINDS: Record<number, string> = { 1: "minor", 2: "minor-mc", 4: "major", 8: "incremental", 16: "weak" };

/** One measurement window: `start()` then `stop()`. */
export function usageMonitor(): { start(): void; stop(): Usage } {
  let cpu = process.cpuUsage();
  let childCpu = children().cpuMs;
  let t0 = performance.now();
  const eld = monitorEventLoopDelay({ resolution: 10 });
  let pauses: { at: number; ms: number; kind: string }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = ((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind ?? 0;
      pauses.push({ at: performance.timeOrigin + e.startTime, ms: e.duration, kind: GC_KINDS[kind] ?? String(kind) });
    }
  });
  return {
    start() {
      pauses = [];
      gcObserver.observe({ entryTypes: ["gc"] });
      cpu = process.cpuUsage();
      childCpu = children().cpuMs;
      t0 = performance.now();
      eld.reset();
      eld.enable();
    },
    stop() {
      eld.disable();
      gcObserver.disconnect();
      const used = process.cpuUsage(cpu);
      const elapsedMs = performance.now() - t0;
      const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
      return {
        cpuPct: ((used.user + used.system) / 1000 / Math.max(elapsedMs, 1)) * 100,
        eldP50: ms(eld.percentile(50)),
        eldP99: ms(eld.percentile(99)),
        eldMax: ms(eld.max),
        rss: process.memoryUsage.rss(),
        childrenRss: childrenRss(),
        childrenCpuPct: ((children().cpuMs - childCpu) / Math.max(elapsedMs, 1)) * 100,
        gc: { count: pauses.length, totalMs: pauses.reduce((a, p) => a + p.ms, 0), maxMs: Math.max(0, ...pauses.map((p) => p.ms)), majors: pauses.filter((p) => p.kind === "major").length },
        longPauses: [...pauses].sort((a, b) => b.ms - a.ms).slice(0, 10),
      };
    },
  };
}

/** Sends `rate` numbered events per second on an open-loop schedule, and says when each was due. */
export async function pacedBroadcast(opts: {
  rate: number;
  durationMs: number;
  send(seq: number): void;
}): Promise<{ sentAt: number[] }> {
  const sentAt: number[] = [];
  await openLoop({
    rate: opts.rate,
    durationMs: opts.durationMs,
    fire: (seq, dueAt) => {
      sentAt.push(dueAt);
      opts.send(seq);
    },
  });
  return { sentAt };
}
