import { PerformanceObserver } from "node:perf_hooks";
import { LatencyHistogram, type HistogramSnapshot } from "../latency-histogram.js";

/**
 * Where the engine's time goes, per command and per stage of a command's life, for serverStatus
 * (`metrics.latency`, an engine extension): a command's frame waits on its connection (`queued`:
 * from the bytes read to the command started: behind the connection's earlier commands and the busy
 * event loop), runs (`commands.<name>`: started to reply ready, its `durableWait` included), a write
 * waits for its journal group commit (`durableWait`: queued write, `fsync`), the reply is encoded and
 * written (`reply`). Also this process's GC pauses and the synchronous part of each compaction (the
 * capture of the data set at the journal switch point), the two things that stall every command.
 * One engine per process, so these are process-wide, like the op counters.
 */

const commands = new Map<string, LatencyHistogram>();
export const engineStages = {
  queued: new LatencyHistogram(),
  durableWait: new LatencyHistogram(),
  fsync: new LatencyHistogram(),
  reply: new LatencyHistogram(),
  compactionCapture: new LatencyHistogram(),
  gcPause: new LatencyHistogram(),
};

export function recordCommandLatency(name: string, ms: number): void {
  let h = commands.get(name);
  if (!h) commands.set(name, (h = new LatencyHistogram()));
  h.record(ms);
}

let gcObserver: PerformanceObserver | null = null;

/** Counts this process's GC pauses into `engineStages.gcPause` (started once by the engine server). */
export function observeGcPauses(): void {
  if (gcObserver) return;
  gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) engineStages.gcPause.record(e.duration);
  });
  gcObserver.observe({ entryTypes: ["gc"] });
}

export interface EngineLatency {
  commands: Record<string, HistogramSnapshot>;
  stages: Record<keyof typeof engineStages, HistogramSnapshot>;
}

export function latencySnapshot(): EngineLatency {
  const stages = Object.fromEntries(Object.entries(engineStages).map(([k, h]) => [k, h.snapshot()])) as EngineLatency["stages"];
  return { commands: Object.fromEntries([...commands].map(([name, h]) => [name, h.snapshot()])), stages };
}
