import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { LOAD_CORE, SERVER_CORE, VARIANT_LABEL, type VariantName } from "../variants";
import { latencyChart } from "./chart";
import {
  bestBroadcastStep, cpu, failedLines, failedRuns, finite, kib, medianRun, mib, mixLevel, mixMaxUsers, ms, num, okRuns,
  pct, ratio, spreadCell, summarize, table, VARIANTS, type Summary,
} from "./format";
import type { IdleResult } from "../scenarios/idle";
import type { BenchResults } from "./results";
import { stagesSection } from "./stages";
import { targetRows } from "./targets";

/**
 * Writes the "## Realtime (npm run bench)" section of docs/BENCHMARKS.md from the raw results of one
 * `npm run bench`: how it was run, one table per scenario (medians over the repeats, their spread,
 * ratios to the bare baselines A and B, and the figures that explain them), the failed runs, and the
 * targets. Only that section is replaced (or appended); the rest of the file, such as the embedded
 * engine's section that bench:db writes, is kept byte for byte. The chart goes next to the file.
 */

export const HEADING = "## Realtime (npm run bench)";
export const CHART_FILE = "bench-realtime-latency.svg";
const BUSY_NOTE = 0.25;
const LOAD_SATURATED = 90;

const label = (v: VariantName): string => VARIANT_LABEL[v];
const noteLines = (notes: string[]): string[] => (notes.length ? ["", ...notes.map((n) => `- Note: ${n}.`)] : []);
const NO_RESULT = "no result";

/** variant | median | spread | vs B | vs A, for a headline number; `fmt` formats the median. */
function headline(v: VariantName, s: Summary, of: (v: VariantName) => Summary, fmt: (x: number) => string): string[] {
  if (s.n === 0) return [label(v), NO_RESULT, "–", "–", "–"];
  return [label(v), fmt(s.median), spreadCell(s), ratio(s.median, of("B").median), ratio(s.median, of("A").median)];
}

function header(res: BenchResults): string[] {
  const maxBusy = Math.max(0, ...res.runs.map((r) => r.busy).filter((b) => Number.isFinite(b)));
  const busy = res.runs.filter((r) => r.busy > BUSY_NOTE);
  return [
    HEADING,
    "",
    "One `npm run bench` (`bench/realtime/run.ts`): each server variant runs in its own process, driven by one load",
    "generator process, variants in rotating order within each repeat. A: bare `ws`; B: bare Socket.IO 4.8; D: our",
    "production build with real auth and the embedded store (\"chat store stubbed\": the same server whose chat service",
    "keeps conversations and messages in memory instead of the store: same handler, validation, rate limit and emit path;",
    "\"D over /ws\": the same server driven through its native WebSocket gateway, idle and broadcast only).",
    "Every D run starts from a copy of one store prepared before the first run (the demo catalog and the bench's users,",
    "one course and purchase per pair), so runs compare: no run inherits the messages and notifications of the ones before.",
    "Load: raw WebSocket clients speaking Engine.IO v4 / Socket.IO framing (A: JSON arrays), authenticated by JWT for D.",
    "Tables give the median over the repeats that finished, the spread (max − min) / median,",
    "and the ratio of the medians to B and to A. CPU is in % of one core; D's engine is a child process on the server's core. Event-loop p99 comes from `monitorEventLoopDelay`",
    "sampling every 10 ms, which its figures include: an idle loop reads about 10 ms. Targets are goals, not gates.",
    "",
    `- Date: ${res.date}`,
    `- Git commit: ${res.commit}${res.dirty ? " + uncommitted changes" : ""}`,
    `- Machine: ${res.machine}`,
    `- Node ${res.node}`,
    res.pinned
      ? `- Cores: server pinned to ${res.serverCores ? `cores ${res.serverCores} (an experiment)` : `core ${String(SERVER_CORE)}`}, load generator to core ${String(LOAD_CORE)} (taskset)`
      : "- Cores: not pinned (no taskset): server and load generator share all cores",
    `- Repeats: ${String(res.repeats)}`,
    `- Other work on the machine: ${pct(res.busyBefore)} of all cores busy before the run; at most ${pct(maxBusy)} in the second before any single run`,
    ...speedLine(res),
    ...(busy.length
      ? ["", `Note: ${String(busy.length)} run(s) started while more than ${pct(BUSY_NOTE)} of the machine was busy, which skews them: ${
        busy.map((r) => `${r.scenario} ${r.variant} #${String(r.rep)} at ${num(r.level)} (${pct(r.busy)})`).join(", ")}.`]
      : []),
    "",
    `![p99 latency against load, broadcast and chat](${CHART_FILE})`,
  ];
}

function idleSection(res: BenchResults): string[] {
  const levels = [...new Set(res.runs.filter((r) => r.scenario === "idle").map((r) => r.level))].sort((a, b) => a - b);
  const rows = levels.flatMap((level) => {
    const runs = (v: VariantName): IdleResult[] => okRuns(res, "idle", v, level).map((r) => r.result);
    const heap = (v: VariantName) => summarize(runs(v).map((r) => r.heapPerConn));
    return VARIANTS.idle.map((v) => {
      const med = (f: (r: IdleResult) => number) => summarize(runs(v).map(f)).median;
      const [name, ...rest] = headline(v, heap(v), heap, kib);
      return [name ?? v, num(level), ...rest, kib(med((r) => r.rssPerConn)), cpu(med((r) => r.usage.cpuPct)), ms(med((r) => r.usage.eldP99))];
    });
  });
  return ["### Idle connections", "", "Heap and RSS growth per connection after a full GC (RSS is noisy: memory goes back to the system lazily, so it can even shrink); CPU and event-loop delay over 3 s of idling.", "",
    ...table(["variant", "connections", "heap/conn (KiB)", "spread", "vs B", "vs A", "RSS/conn (KiB)", "server CPU", "event-loop p99 (ms)"], rows),
    ...failedLines(failedRuns(res, "idle"), label, "connections")];
}

function broadcastSection(res: BenchResults): string[] {
  const best = (v: VariantName) => summarize(okRuns(res, "broadcast", v).map((r) => r.result.best));
  const notes: string[] = [];
  const rows = VARIANTS.broadcast.map((v) => {
    const step = bestBroadcastStep(medianRun(okRuns(res, "broadcast", v), (r) => r.result.best)?.result ?? { steps: [] });
    if (step && step.load.cpuPct > LOAD_SATURATED) notes.push(`the load generator used ${cpu(step.load.cpuPct)} of a core at ${label(v)}'s best step: that figure may be bound by the generator`);
    return [...headline(v, best(v), best, (x) => num(x)), ms(step?.latency.p50), ms(step?.latency.p99), cpu(step?.server.cpuPct), ms(step?.server.eldP99), cpu(step?.load.cpuPct)];
  });
  const clients = res.runs.find((r) => r.scenario === "broadcast")?.level;
  return [`### Broadcast (${clients ? num(clients) : "?"} clients in one room)`, "",
    "Most deliveries per second with nothing lost and p99 < 50 ms. Latency, CPU and event-loop delay are those of that best step, in the repeat that gave the median.", "",
    ...table(["variant", "deliveries/s", "spread", "vs B", "vs A", "p50 (ms)", "p99 (ms)", "server CPU", "event-loop p99 (ms)", "load CPU"], rows),
    ...noteLines(notes), ...failedLines(failedRuns(res, "broadcast"), label, "clients")];
}

function chatSection(res: BenchResults): string[] {
  const best = (v: VariantName) => summarize(okRuns(res, "chat", v).map((r) => r.result.best));
  const notes: string[] = [];
  const rows = VARIANTS.chat.map((v) => {
    const step = medianRun(okRuns(res, "chat", v), (r) => r.result.best)?.result.bestStep ?? undefined;
    if (step && step.load.cpuPct > LOAD_SATURATED) notes.push(`the load generator used ${cpu(step.load.cpuPct)} of a core at ${label(v)}'s best step: that figure may be bound by the generator`);
    const pair = (a?: number, b?: number) => `${ms(a)} / ${ms(b)}`;
    return [...headline(v, best(v), best, (x) => num(x)), pair(step?.ack.p50, step?.ack.p99), pair(step?.delivery.p50, step?.delivery.p99),
      cpu(step?.server.cpuPct), v.startsWith("D") ? cpu(step?.server.childrenCpuPct) : "–", ms(step?.server.eldP99), cpu(step?.load.cpuPct)];
  });
  const pairs = res.runs.find((r) => r.scenario === "chat")?.level;
  return [`### Chat (${pairs ? num(pairs) : "?"} pairs)`, "",
    "Most messages per second, every one acknowledged and delivered, ack and delivery p99 < 50 ms; figures of that best step in the median repeat.", "",
    ...table(["variant", "messages/s", "spread", "vs B", "vs A", "ack p50 / p99 (ms)", "delivery p50 / p99 (ms)", "server CPU", "engine CPU", "event-loop p99 (ms)", "load CPU"], rows),
    ...noteLines(notes), ...failedLines(failedRuns(res, "chat"), label, "pairs")];
}

/** The spread of the core-speed probe over the runs (lib/machine.ts speedProbe), absent from older results. */
function speedLine(res: BenchResults): string[] {
  const server = res.runs.map((r) => r.speed?.server).filter(finite);
  if (server.length === 0) return [];
  const lo = Math.min(...server);
  const hi = Math.max(...server);
  return [`- Speed of the server's core (a fixed deflate before each run, best of 5): ${ms(lo)} to ${ms(hi)} ms; the slowest run had ${num(hi / lo, 2)}x the fastest's time`];
}

function mixSection(res: BenchResults): string[] {
  const users = (v: VariantName) => summarize(mixMaxUsers(res, v));
  const rows = VARIANTS.mix.map((v) => [...headline(v, users(v), users, (x) => (x ? num(x) : "none")), mixMaxUsers(res, v).map((u) => (u ? num(u) : "none")).join(" / ") || "–"]);
  const levels = [...new Set(okRuns(res, "mix", "D").map((r) => r.level))].sort((a, b) => a - b);
  // A level some repeats passed and others failed sits on a knife edge: say so (issue 20).
  const disagree = levels.map((level) => ({ level, m: mixLevel(res, "D", level) })).filter(({ m }) => m.passed > 0 && m.passed < m.runs);
  const dRows = levels.map((level) => {
    const m = mixLevel(res, "D", level);
    return [num(level), `${String(m.passed)} of ${String(m.runs)}`, ms(m.p50), ms(m.p99), mib(m.rssAtStart), mib(m.rss), mib(m.engineRss), mib(m.rss + m.engineRss), cpu(m.cpu), cpu(m.engineCpu), ms(m.eld), `${ms(m.gcTotal)} / ${ms(m.gcMax)}`,
      m.repeats.map(({ majors, pass, speed }) => `${majors === undefined ? "?" : String(majors)} (${pass ? "passed" : "failed"}${speed === undefined ? "" : `, core ${ms(speed)} ms`})`).join(", ")];
  });
  return ["### Mix", "",
    "Users connected in pairs on a few videos, each messaging its partner every 10 s, going away and back, switching videos. A level passes with nothing failed and message p99 (ack and delivery) < 100 ms; levels rise until one fails.", "",
    ...table(["variant", "users passed", "spread", "vs B", "vs A", "per repeat"], rows), "",
    `${label("D")} at each level (medians over the repeats that reached it; message latency is the larger of ack and delivery; server RSS at start is taken after a full GC before anyone connects, the other memory figures at the end of the run, without a GC; the last column counts, per repeat, the old-generation (mark-compact) collections V8 reported inside the measured window, with the core-speed probe of that run):`, "",
    ...table(["users", "passed", "message p50 (ms)", "message p99 (ms)", "server RSS at start (MiB)", "server RSS (MiB)", "engine RSS (MiB)", "total (MiB)", "server CPU", "engine CPU", "event-loop p99 (ms)", "GC pauses: total / longest (ms)", "old-generation collections per repeat"], dRows),
    ...noteLines(disagree.map(({ level, m }) => `the repeats disagree at ${num(level)} users: ${String(m.passed)} of ${String(m.runs)} passed`)),
    ...failedLines(failedRuns(res, "mix"), label, "users")];
}

export function realtimeSection(res: BenchResults): string {
  const has = (s: string) => res.runs.some((r) => r.scenario === s);
  return [
    ...header(res),
    ...(has("idle") ? ["", ...idleSection(res)] : []),
    ...(has("broadcast") ? ["", ...broadcastSection(res)] : []),
    ...(has("chat") ? ["", ...chatSection(res)] : []),
    ...(has("mix") ? ["", ...mixSection(res)] : []),
    ...(has("chat") || has("mix") ? ["", ...stagesSection(res)] : []),
    "", "### Targets", "",
    ...table(["target", "measured", "verdict"], targetRows(res).map((t) => [t.target, t.measured, t.verdict]), 3),
    "",
  ].join("\n");
}

/** `doc` with the realtime section replaced by `section` (or appended); everything else untouched. */
export function spliceSection(doc: string, section: string): string {
  const lines = doc.split("\n");
  const start = lines.findIndex((l) => l.trimEnd() === HEADING);
  if (start < 0) return `${doc}${doc.endsWith("\n") || doc === "" ? "" : "\n"}${doc ? "\n" : ""}${section}`;
  const next = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  const before = lines.slice(0, start).map((l) => `${l}\n`).join("");
  return next < 0 ? before + section : `${before}${section}\n${lines.slice(next).join("\n")}`;
}

export function writeReport(results: BenchResults, out: string): void {
  writeFileSync(path.join(path.dirname(out), CHART_FILE), latencyChart(results));
  const doc = existsSync(out) ? readFileSync(out, "utf8") : "# Benchmarks\n";
  writeFileSync(out, spliceSection(doc, realtimeSection(results)));
}
