import { writeHeapSnapshot } from "node:v8";
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { memory, pacedBroadcast, usageMonitor, type Usage } from "./probe";

/** The IPC methods every bench server answers (see lib/ipc.ts). */
export function benchHandlers(server: {
  url: string;
  connections(): number;
  /** Sends `viewerCount { videoId, count: seq }` to everyone watching `videoId`. */
  broadcast(videoId: string, seq: number): void;
  extra?: Record<string, (args: never) => unknown>;
}) {
  let monitor = usageMonitor();
  let profiler: Session | null = null;
  return {
    info: () => ({ url: server.url, pid: process.pid }),
    connections: () => server.connections(),
    memory: () => memory(),
    monitorStart: () => {
      monitor = usageMonitor();
      monitor.start();
      return null;
    },
    monitorStop: (): Usage => monitor.stop(),
    broadcast: (args: { videoId: string; rate: number; durationMs: number; seqBase: number }) =>
      pacedBroadcast({
        rate: args.rate,
        durationMs: args.durationMs,
        send: (seq) => { server.broadcast(args.videoId, args.seqBase + seq); },
      }),
    /** Profiling aids: a heap snapshot now, and a CPU profile between cpuProfileStart and cpuProfileStop. */
    heapSnapshot: (args: { path: string }) => writeHeapSnapshot(args.path),
    cpuProfileStart: async () => {
      profiler = new Session();
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
      return null;
    },
    cpuProfileStop: async (args: { path: string }) => {
      if (!profiler) throw new Error("no profile running");
      const { profile } = await profiler.post("Profiler.stop");
      writeFileSync(args.path, JSON.stringify(profile));
      profiler.disconnect();
      profiler = null;
      return args.path;
    },
    /**
     * Allocation sampling that keeps what a major GC collected (not what died young): what reaches
     * the old generation during a load, live or garbage by the end (`bench:profile --promoted`).
     */
    heapSamplingStart: async () => {
      profiler = new Session();
      profiler.connect();
      await profiler.post("HeapProfiler.enable");
      await profiler.post("HeapProfiler.startSampling", { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
      return null;
    },
    heapSamplingStop: async (args: { path: string }) => {
      if (!profiler) throw new Error("no sampling running");
      const { profile } = await profiler.post("HeapProfiler.stopSampling");
      writeFileSync(args.path, JSON.stringify(profile));
      profiler.disconnect();
      profiler = null;
      return args.path;
    },
    ...server.extra,
  };
}
