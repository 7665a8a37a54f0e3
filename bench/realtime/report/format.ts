import { median, spread } from "../lib/stats";
import type { BroadcastResult, BroadcastStep } from "../scenarios/broadcast";
import type { ChatBenchResult, ChatStep } from "../scenarios/chat";
import type { IdleResult } from "../scenarios/idle";
import type { MixResult } from "../scenarios/mix";
import type { MemorySample } from "../servers/probe";
import type { VariantName } from "../variants";
import type { BenchResults, Run } from "./results";

/**
 * Helpers shared by the report modules (markdown.ts, targets.ts, chart.ts): typed access to the raw
 * runs of a scenario, the figures more than one module reads (the median over repeats of a scenario's
 * headline number, the repeat that gave that median, its best step), number formatting with thousands
 * separators, and padded markdown tables. Medians only ever use runs that finished (ok); the raw JSON
 * turns NaN into null, so every number is checked with Number.isFinite before it is used.
 */

export interface ResultOf { idle: IdleResult; broadcast: BroadcastResult; chat: ChatBenchResult; mix: MixResult }
export type Scenario = keyof ResultOf;
export type OkRun<S extends Scenario> = Run & { scenario: S; ok: true; result: ResultOf[S] };

export const VARIANTS: Record<Scenario, VariantName[]> = {
  idle: ["A", "B", "D", "D-ws", "D-redis"],
  broadcast: ["A", "B", "D", "D-nometrics", "D-ws", "D-redis"],
  chat: ["A", "B", "D-nostore", "D", "D-nometrics"],
  mix: ["A", "B", "D", "D-redis"],
};

export function okRuns<S extends Scenario>(res: BenchResults, scenario: S, variant: VariantName, level?: number): OkRun<S>[] {
  return res.runs.filter((r): r is OkRun<S> =>
    r.ok && r.scenario === scenario && r.variant === variant && r.result != null && (level === undefined || r.level === level));
}

export const failedRuns = (res: BenchResults, scenario: Scenario): Run[] => res.runs.filter((r) => r.scenario === scenario && !r.ok);

export const finite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

export interface Summary { median: number; spread: number; n: number }
export function summarize(values: number[]): Summary {
  const v = values.filter(finite);
  return { median: median(v), spread: spread(v), n: v.length };
}

/** The run whose `key` is the median (the lower middle one for an even count). */
export function medianRun<S extends Scenario>(runs: OkRun<S>[], key: (r: OkRun<S>) => number): OkRun<S> | undefined {
  const sorted = runs.filter((r) => finite(key(r))).sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export function bestBroadcastStep(r: Pick<BroadcastResult, "steps">): BroadcastStep | undefined {
  return r.steps.filter((s) => s.pass).sort((a, b) => b.rate - a.rate)[0];
}

export const chatP99 = (s: Pick<ChatStep, "ack" | "delivery">): number => Math.max(s.ack.p99, s.delivery.p99);

/** Per repeat with at least one finished mix run: the largest users level that passed (0 if none). */
export function mixMaxUsers(res: BenchResults, v: VariantName): number[] {
  const byRep = new Map<number, number>();
  for (const r of okRuns(res, "mix", v)) byRep.set(r.rep, Math.max(byRep.get(r.rep) ?? 0, r.result.pass ? r.level : 0));
  return [...byRep.entries()].sort((a, b) => a[0] - b[0]).map(([, users]) => users);
}

/** Heap used plus Buffers after a full GC (NaN for results from before `external` was measured). */
const kept = (m: MemorySample | undefined): number => (m?.external === undefined ? Number.NaN : m.heapUsed + m.external);

/** Medians over the repeats of one mix level: message latency and memory as the targets read them. */
export function mixLevel(res: BenchResults, v: VariantName, level: number): {
  runs: number; passed: number; p50: number; p99: number; rss: number; engineRss: number; cpu: number; engineCpu: number; eld: number;
  /** The server's RSS before anyone connected (after a full GC). */
  rssAtStart: number;
  /** Heap and Buffers kept per user: after a full GC at the end of the level minus the same before anyone connected. */
  keptPerUser: number;
  /** Garbage-collection pauses of the server over the run: their total and the longest, ms. */
  gcTotal: number; gcMax: number;
  /** Per repeat: old-generation collections inside the measured window, whether the level passed, the core-speed probe (ms). */
  repeats: { majors: number | undefined; pass: boolean; speed: number | undefined }[];
} {
  const ok = okRuns(res, "mix", v, level);
  const runs = ok.map((r) => r.result);
  const med = (f: (r: MixResult) => number) => median(runs.map(f).filter(finite));
  return {
    runs: runs.length,
    passed: runs.filter((r) => r.pass).length,
    p50: med((r) => Math.max(r.ack.p50, r.delivery.p50)),
    p99: med((r) => chatP99(r)),
    rss: med((r) => r.server.rss),
    engineRss: med((r) => r.server.childrenRss),
    rssAtStart: med((r) => r.startMemory?.rss ?? Number.NaN), // absent in results from before it was measured
    keptPerUser: med((r) => (kept(r.endMemory) - kept(r.startMemory)) / (r.open || level)), // the users still connected
    cpu: med((r) => r.server.cpuPct),
    engineCpu: med((r) => r.server.childrenCpuPct), // absent (null) in results from before it was measured
    eld: med((r) => r.server.eldP99),
    gcTotal: med((r) => r.server.gc?.totalMs ?? Number.NaN), // absent in results from before it was measured
    gcMax: med((r) => r.server.gc?.maxMs ?? Number.NaN),
    repeats: ok.map((r) => ({ majors: r.result.server.gc?.majors, pass: r.result.pass, speed: r.speed?.server })),
  };
}

export function num(x: unknown, digits = 0): string {
  return finite(x) ? x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "–";
}
export const kib = (bytes: unknown): string => (finite(bytes) ? num(bytes / 1024, 1) : "–");
export const mib = (bytes: unknown): string => (finite(bytes) ? num(bytes / 2 ** 20, 1) : "–");
/** Milliseconds: one decimal below 10 ms. */
export const ms = (x: unknown): string => (finite(x) ? num(x, Math.abs(x) < 10 ? 1 : 0) : "–");
/** A fraction (0..1) as a percentage. */
export const pct = (fraction: unknown): string => (finite(fraction) ? `${num(fraction * 100)}%` : "–");
/** CPU in % of one core, as the probes report it. */
export const cpu = (percent: unknown): string => (finite(percent) ? `${num(percent)}%` : "–");
export const ratioOf = (a: number, b: number): number => (finite(a) && finite(b) && b !== 0 ? a / b : Number.NaN);
export const ratio = (a: number, b: number): string => {
  const r = ratioOf(a, b);
  return finite(r) ? `${num(r, 2)}x` : "–";
};
export const spreadCell = (s: Summary): string => (s.n === 0 ? "–" : s.n === 1 ? "(1 run)" : `±${num(s.spread * 100)}%`);

/** A markdown table, columns padded; the first `leftColumns` left-aligned, the others right-aligned. */
export function table(head: string[], rows: string[][], leftColumns = 1): string[] {
  const width = head.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${width.map((w, i) => (i < leftColumns ? (cells[i] ?? "").padEnd(w) : (cells[i] ?? "").padStart(w))).join(" | ")} |`;
  return [line(head), `|${width.map((w, i) => (i < leftColumns ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`, ...rows.map(line)];
}

/** "A #2 at 5,000: message" lines for the runs that threw. */
export function failedLines(runs: Run[], label: (v: VariantName) => string, unit: string): string[] {
  if (runs.length === 0) return [];
  return [
    "",
    "Failed runs (left out of the medians):",
    "",
    ...runs.map((r) => `- ${label(r.variant)}, repeat ${String(r.rep)}, ${num(r.level)} ${unit}: ${(r.error ?? "unknown error").replace(/\s+/g, " ").slice(0, 300)}`),
  ];
}
