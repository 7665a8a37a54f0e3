import { writeHeapSnapshot } from "node:v8";
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { memory, pacedBroadcast, usageMonitor, type Usage } from "./probe";
import { speedProbe } from "../lib/machine";

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
  /** One inspector session at a time: opened and started by `start`, its result written to `path` by `end`. */
  const begin = async (start: (session: Session) => Promise<void>): Promise<null> => {
    profiler = new Session();
    profiler.connect();
    await start(profiler);
    return null;
  };
  const end = async (path: string, stop: (session: Session) => Promise<object>): Promise<string> => {
    if (!profiler) throw new Error("no profile running");
    writeFileSync(path, JSON.stringify(await stop(profiler)));
    profiler.disconnect();
    profiler = null;
    return path;
  };
  return {
    info: () => ({ url: server.url, pid: process.pid }),
    connections: () => server.connections(),
    memory: () => memory(),
    /** lib/machine.ts speedProbe on the server's core. */
    speed: () => speedProbe(),
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
    cpuProfileStart: () => begin(async (session) => {
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    }),
    cpuProfileStop: (args: { path: string }) => end(args.path, async (session) => (await session.post("Profiler.stop")).profile),
    /**
     * Allocation sampling that keeps what a major GC collected (not what died young): what reaches
     * the old generation during a load, live or garbage by the end (`bench:profile --promoted`).
     */
    heapSamplingStart: () => begin(async (session) => {
      await session.post("HeapProfiler.enable");
      await session.post("HeapProfiler.startSampling", { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
    }),
    heapSamplingStop: (args: { path: string }) => end(args.path, async (session) => (await session.post("HeapProfiler.stopSampling")).profile),
    ...server.extra,
  };
}
