import { histogramDiff, type HistogramSnapshot } from "embedded-mongo/latency-histogram";
import type { StagesSnapshot } from "../../../server/metrics/message-stages";

/**
 * Variant D's stage histograms around a measured window: the server's chat-message stages
 * (server/metrics/message-stages.ts) and the engine's per-command and per-stage latencies
 * (serverStatus `metrics.latency`, packages/embedded-mongo/src/commands/latency-stats.ts), both
 * counted since start, so a window is the difference of two samples.
 */

export interface EngineLatencySample {
  commands: Record<string, HistogramSnapshot>;
  stages: Record<string, HistogramSnapshot>;
}

export interface StageSample {
  server: StagesSnapshot;
  engine: EngineLatencySample | null;
}

const diffAll = (after: Record<string, HistogramSnapshot>, before: Record<string, HistogramSnapshot> | undefined): Record<string, HistogramSnapshot> =>
  Object.fromEntries(Object.entries(after).map(([k, h]): [string, HistogramSnapshot] => [k, histogramDiff(h, before?.[k])]).filter(([, h]) => h.n > 0));

/** Samples D's stages (null for the bare variants, which have none). */
export function stageSampler(server: { call<T>(method: string): Promise<T> }, ours: boolean): () => Promise<StageSample | null> {
  return () => (ours ? server.call<StageSample>("stages") : Promise.resolve(null));
}

export function stageWindow(before: StageSample, after: StageSample): StageSample {
  const slowSum = Object.fromEntries(Object.entries(after.server.slow.sumMs).map(([k, v]) => [k, v - (before.server.slow.sumMs[k] ?? 0)]));
  return {
    server: {
      stages: diffAll(after.server.stages, before.server.stages),
      slow: { n: after.server.slow.n - before.server.slow.n, sumMs: slowSum },
    },
    engine: after.engine
      ? { commands: diffAll(after.engine.commands, before.engine?.commands), stages: diffAll(after.engine.stages, before.engine?.stages) }
      : null,
  };
}
