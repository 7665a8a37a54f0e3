import { histogramSummary, type HistogramSnapshot } from "embedded-mongo/latency-histogram";
import { SLOW_MS } from "../../../server/metrics/message-stages";
import type { StageSample } from "../lib/stages";
import type { ChatStep } from "../scenarios/chat";
import type { Usage } from "../servers/probe";
import type { Latency } from "../lib/stats";
import { VARIANT_LABEL, type VariantName } from "../variants";
import { medianRun, ms, num, okRuns, pct, table } from "./format";
import type { BenchResults } from "./results";

/**
 * "Where a message's time goes": D's stage histograms (lib/stages.ts) for the chat scenario's best
 * and first failing steps, and for the mix's worst repeat at each level. Stages are the server's
 * marks of a chat message (server/metrics/message-stages.ts); the engine's rows are its own view of
 * the same window (packages/embedded-mongo/src/commands/latency-stats.ts). p50/p99/max are bucket
 * upper bounds (within 9%).
 */

const ENGINE_STAGES: [string, string][] = [
  ["queued", "engine: frame read → command started"],
  ["durableWait", "engine: write waits for its journal fsync"],
  ["fsync", "engine: one fdatasync"],
  ["reply", "engine: reply encoded and written"],
  ["gcPause", "engine: GC pause"],
  ["compactionCapture", "engine: compaction's synchronous capture"],
];

interface Window { title: string; client: { ack: Latency; delivery: Latency }; server: Usage; stages: StageSample }

function row(name: string, h: HistogramSnapshot | undefined, slowShare = ""): string[] {
  if (!h || h.n === 0) return [name, "0", "–", "–", "–", "–", slowShare];
  const s = histogramSummary(h);
  return [name, num(s.n), ms(s.meanMs), ms(s.p50), ms(s.p99), ms(s.max), slowShare];
}

function windowTable(w: Window): string[] {
  const { server: stages, engine } = w.stages;
  const slowTotal = Object.values(stages.slow.sumMs).reduce((a, b) => a + b, 0);
  const serverRows = Object.keys(stages.stages).filter((k) => k !== "total").map((k) =>
    row(`server: ${k}`, stages.stages[k], slowTotal > 0 ? pct((stages.slow.sumMs[k] ?? 0) / slowTotal) : "–"));
  const commandRows = Object.entries(engine?.commands ?? {}).filter(([, h]) => h.n > 0).sort((a, b) => b[1].n - a[1].n).slice(0, 4)
    .map(([name, h]) => row(`engine: ${name} command`, h));
  const client = (name: string, l: Latency): string[] => [name, num(l.n), "–", ms(l.p50), ms(l.p99), ms(l.max), ""];
  const gc = w.server.gc;
  return [
    `${w.title}: server CPU ${num(w.server.cpuPct)}%, engine CPU ${num(w.server.childrenCpuPct)}%, server event-loop p99 ${ms(w.server.eldP99)} ms (max ${ms(w.server.eldMax)}),`
      + ` server GC ${gc ? `${num(gc.count)} pauses, longest ${ms(gc.maxMs)} ms` : "–"}; ${num(stages.slow.n)} messages took ${String(SLOW_MS)} ms or more on the server.`,
    "",
    ...table(["stage", "n", "mean (ms)", "p50 (ms)", "p99 (ms)", "max (ms)", `share of the slow messages' time`], [
      client("client: ack (load generator)", w.client.ack),
      client("client: delivery (load generator)", w.client.delivery),
      row("server: received → acked", stages.stages.total),
      ...serverRows,
      ...commandRows,
      ...ENGINE_STAGES.map(([k, name]) => row(name, engine?.stages[k])),
    ]),
    "",
  ];
}

const chatWindows = (res: BenchResults, v: VariantName): Window[] => {
  const run = medianRun(okRuns(res, "chat", v), (r) => r.result.best);
  if (!run) return [];
  const steps = run.result.steps;
  const best = run.result.bestStep;
  const failing = steps.filter((s) => !s.pass && s.rate > (best?.rate ?? 0)).sort((a, b) => a.rate - b.rate)[0];
  const pick = (s: ChatStep | undefined | null, what: string): Window[] =>
    s?.stages ? [{ title: `${VARIANT_LABEL[v]}, ${what} (${num(s.rate)} msg/s, repeat ${String(run.rep)})`, client: s, server: s.server, stages: s.stages }] : [];
  return [...pick(best, "best step"), ...pick(failing, "first failing step")];
};

const mixWindows = (res: BenchResults): Window[] => {
  const runs = okRuns(res, "mix", "D");
  const levels = [...new Set(runs.map((r) => r.level))].sort((a, b) => a - b);
  return levels.flatMap((level) => {
    const worst = runs.filter((r) => r.level === level).map((r) => r.result)
      .sort((a, b) => Math.max(b.ack.p99, b.delivery.p99) - Math.max(a.ack.p99, a.delivery.p99))[0];
    return worst?.stages
      ? [{ title: `Mix, ${num(level)} users, the repeat with the highest message p99 (${worst.pass ? "passed" : "failed"})`, client: worst, server: worst.server, stages: worst.stages }]
      : [];
  });
};

export function stagesSection(res: BenchResults): string[] {
  const windows = [...chatWindows(res, "D"), ...chatWindows(res, "D-nostore"), ...mixWindows(res)];
  if (windows.length === 0) return [];
  return [
    "### Where a message's time goes (D)",
    "",
    "Stage histograms kept by the server for every chat message (`server/metrics/message-stages.ts`: received → validated → conversation →",
    "sent (its batch's insert handed to the driver) → replied (the store's reply back) → delivered (`newMessage` written to the recipient) → acked),",
    "and by the engine for every command (serverStatus `metrics.latency`). Latencies are bucket upper bounds (within 9%). The last column",
    `splits the server time of the messages that took ${String(SLOW_MS)} ms or more between the stages. What the client sees beyond`,
    "\"received → acked\" was spent before the server's dispatcher had the event (the frame waiting for a busy event loop).",
    "",
    ...windows.flatMap(windowTable),
  ];
}
