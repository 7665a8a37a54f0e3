import { MIX_P99_LIMIT_MS } from "../scenarios/mix";
import type { VariantName } from "../variants";
import { finite, mib, mixLevel, mixMaxUsers, ms, num, okRuns, ratio, ratioOf, summarize, kib } from "./format";
import type { BenchResults } from "./results";

/**
 * The benchmark's targets (goals, not gates) checked against the medians of the raw results: each
 * gives the target, what was measured and a verdict, "not measured" when a scenario or variant has no
 * finished run. Nothing here throws because a target is missed; run.ts exits non-zero only when a run
 * failed.
 */

export type Verdict = "met" | "missed" | "not measured";
export interface TargetRow { target: string; measured: string; verdict: Verdict }

export const IDLE_TARGET_LEVEL = 5000;
export const MIX_TARGET_USERS = 5000;
export const MIX_RSS_LIMIT = 150 * 2 ** 20;

const median = (values: number[]): number => summarize(values).median;

/** `a` compared with `b` as a ratio: met when it is at least `min` (or at most `max`). */
function ratioRow(target: string, a: [VariantName, number], b: [VariantName, number], unit: (x: number) => string, bound: { min?: number; max?: number }): TargetRow {
  const r = ratioOf(a[1], b[1]);
  const shown = (x: number) => (finite(x) ? unit(x) : "no result");
  const measured = `${a[0]} ${shown(a[1])} vs ${b[0]} ${shown(b[1])}: ${ratio(a[1], b[1])}`;
  if (!finite(r)) return { target, measured, verdict: "not measured" };
  const ok = (bound.min === undefined || r >= bound.min) && (bound.max === undefined || r <= bound.max);
  return { target, measured, verdict: ok ? "met" : "missed" };
}

export function targetRows(res: BenchResults): TargetRow[] {
  const heap = (v: VariantName) => median(okRuns(res, "idle", v, IDLE_TARGET_LEVEL).map((r) => r.result.heapPerConn));
  const bcast = (v: VariantName) => median(okRuns(res, "broadcast", v).map((r) => r.result.best));
  const chat = (v: VariantName) => median(okRuns(res, "chat", v).map((r) => r.result.best));
  const perSec = (label: string) => (x: number) => `${num(x)} ${label}/s`;
  return [
    ratioRow(`D heap per idle connection (${num(IDLE_TARGET_LEVEL)} connections) <= 1.3x B's`,
      ["D", heap("D")], ["B", heap("B")], (x) => `${kib(x)} KiB`, { max: 1.3 }),
    ratioRow("broadcast: D >= 0.8x B", ["D", bcast("D")], ["B", bcast("B")], perSec("deliveries"), { min: 0.8 }),
    ratioRow("broadcast: B >= 0.8x A", ["B", bcast("B")], ["A", bcast("A")], perSec("deliveries"), { min: 0.8 }),
    ratioRow(`D over /ws heap per idle connection (${num(IDLE_TARGET_LEVEL)} connections) <= 1.5x A's`,
      ["D-ws", heap("D-ws")], ["A", heap("A")], (x) => `${kib(x)} KiB`, { max: 1.5 }),
    ratioRow("broadcast: D over /ws >= 0.8x A", ["D-ws", bcast("D-ws")], ["A", bcast("A")], perSec("deliveries"), { min: 0.8 }),
    ratioRow("chat: D with the store stubbed >= 0.7x B", ["D-nostore", chat("D-nostore")], ["B", chat("B")], perSec("messages"), { min: 0.7 }),
    ratioRow("chat: D with the store >= 0.5x D stubbed", ["D", chat("D")], ["D-nostore", chat("D-nostore")], perSec("messages"), { min: 0.5 }),
    ratioRow("metrics: broadcast, D >= 0.95x D with metrics off", ["D", bcast("D")], ["D-nometrics", bcast("D-nometrics")], perSec("deliveries"), { min: 0.95 }),
    ratioRow("metrics: chat, D >= 0.95x D with metrics off", ["D", chat("D")], ["D-nometrics", chat("D-nometrics")], perSec("messages"), { min: 0.95 }),
    ...mixRows(res),
    // Scale-out (F11): what the Redis adapter and stores cost one node.
    ratioRow(`D with REDIS_URL: heap per idle connection (${num(IDLE_TARGET_LEVEL)} connections) <= 1.1x D's`,
      ["D-redis", heap("D-redis")], ["D", heap("D")], (x) => `${kib(x)} KiB`, { max: 1.1 }),
    ratioRow("broadcast: D with REDIS_URL >= 0.8x D", ["D-redis", bcast("D-redis")], ["D", bcast("D")], perSec("deliveries"), { min: 0.8 }),
    ratioRow("mix: users D with REDIS_URL sustains >= 0.8x D's", ["D-redis", median(mixMaxUsers(res, "D-redis"))], ["D", median(mixMaxUsers(res, "D"))], (x) => `${num(x)} users`, { min: 0.8 }),
  ];
}

/** The mix target, as two rows: the load it sustains in time, and the memory it takes at that load. */
function mixRows(res: BenchResults): TargetRow[] {
  const target = `mix: D sustains >= ${num(MIX_TARGET_USERS)} users, message p99 < ${String(MIX_P99_LIMIT_MS)} ms`;
  const memoryTarget = `mix: RSS (server + engine) < ${num(MIX_RSS_LIMIT / 2 ** 20)} MiB at ${num(MIX_TARGET_USERS)} users`;
  const maxUsers = mixMaxUsers(res, "D");
  if (maxUsers.length === 0) {
    return [{ target, measured: "no finished D mix run", verdict: "not measured" }, { target: memoryTarget, measured: "no finished D mix run", verdict: "not measured" }];
  }
  const users = median(maxUsers);
  // The figures at the target level, or at the highest level below it that D reached.
  const level = Math.max(0, ...okRuns(res, "mix", "D").map((r) => r.level).filter((l) => l <= MIX_TARGET_USERS));
  const at = mixLevel(res, "D", level);
  const rss = at.rss + at.engineRss;
  const repeats = `median of ${String(maxUsers.length)} repeat${maxUsers.length > 1 ? "s" : ""}`;
  let measured = users > 0 ? `passed up to ${num(users)} users (${repeats})` : `passed no level (${repeats})`;
  if (at.runs > 0) measured += `; at ${num(level)}: p99 ${ms(at.p99)} ms`;
  const bare = mixLevel(res, "B", level);
  // What the users themselves cost: the server's growth from its start, per user, beside B's.
  const perUser = (m: typeof at) => (m.rss - m.rssAtStart) / level;
  const growth = finite(perUser(at)) && finite(perUser(bare))
    ? `; growth per user from start: D ${kib(perUser(at))} KiB vs B ${kib(perUser(bare))} KiB (${ratio(perUser(at), perUser(bare))}), D's server at start ${mib(at.rssAtStart)} MiB`
    : "";
  // RSS growth also counts garbage not yet collected and the young generation paged in (D runs with npm start's
  // 2 x 64 MiB semi-spaces, B with Node's defaults): what the users themselves keep is heap + Buffers after a full GC.
  const kept = finite(at.keptPerUser) && finite(bare.keptPerUser)
    ? `; kept per user (heap + Buffers after a full GC, users connected): D ${kib(at.keptPerUser)} KiB vs B ${kib(bare.keptPerUser)} KiB (${ratio(at.keptPerUser, bare.keptPerUser)})`
    : "";
  const memory = at.runs > 0
    ? `at ${num(level)}: ${mib(rss)} MiB (server ${mib(at.rss)} + engine ${mib(at.engineRss)})${bare.runs > 0 ? `; B, bare Socket.IO without a store: ${mib(bare.rss)} MiB` : ""}${growth}${kept}`
    : "no figures at that level";
  return [
    { target, measured, verdict: users >= MIX_TARGET_USERS ? "met" : "missed" },
    { target: memoryTarget, measured: memory, verdict: at.runs > 0 && level === MIX_TARGET_USERS && rss < MIX_RSS_LIMIT ? "met" : "missed" },
  ];
}
