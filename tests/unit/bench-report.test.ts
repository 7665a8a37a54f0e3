import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { latencyBucket } from "embedded-mongo/latency-histogram";
import type { Latency } from "../../bench/realtime/lib/stats";
import { writeReport } from "../../bench/realtime/report/markdown";
import type { BenchResults, Run } from "../../bench/realtime/report/results";
import type { BroadcastResult, BroadcastStep } from "../../bench/realtime/scenarios/broadcast";
import type { ChatBenchResult, ChatStep } from "../../bench/realtime/scenarios/chat";
import type { IdleResult } from "../../bench/realtime/scenarios/idle";
import type { MixResult } from "../../bench/realtime/scenarios/mix";
import type { Usage } from "../../bench/realtime/servers/probe";
import type { VariantName } from "../../bench/realtime/variants";

const MiB = 2 ** 20;
const EMBEDDED = `## Embedded engine (npm run bench:db)

Some text | with a | table.

| Metric | Result |
|--------|--------|
| x      | 1      |
`;

const usage = (cpuPct = 20, rss = 100 * MiB, childrenRss = 0): Usage => ({ cpuPct, eldP50: 10, eldP99: 12, eldMax: 15, rss, childrenRss, childrenCpuPct: childrenRss ? 30 : 0 });
const lat = (p99: number): Latency => ({ n: 1000, p50: p99 / 4, p99, max: p99 * 2 });
const run = (scenario: Run["scenario"], variant: VariantName, level: number, result: unknown, rep = 1): Run =>
  ({ scenario, variant, rep, level, busy: 0.05, ok: true, result });

function idle(n: number, heapPerConn: number): IdleResult {
  return { n, heapPerConn, rssPerConn: heapPerConn * 2, connectMs: 500, usage: usage(1) };
}
function broadcast(best: number, p99s: number[]): BroadcastResult {
  const steps: BroadcastStep[] = p99s.map((p99, i) => {
    const rate = 25 * 2 ** i;
    return { rate, deliveriesPerSec: rate * 1000, expected: rate * 3000, delivered: rate * 3000, latency: lat(p99), server: usage(), load: usage(40), pass: p99 < 50 };
  });
  return { clients: 1000, best, steps };
}
function chat(best: number, p99s: number[]): ChatBenchResult {
  const steps: ChatStep[] = p99s.map((p99, i) => {
    const rate = 500 * 2 ** i;
    return { rate, sent: rate * 3, acked: rate * 3, ackFailures: {}, ack: lat(p99 / 2), delivery: lat(p99), received: {}, server: usage(), load: usage(95), pass: p99 < 50 };
  });
  return { pairs: 2000, best, bestStep: steps.filter((s) => s.pass).at(-1) ?? null, steps };
}
function mix(users: number, pass: boolean, rss: number, engine: number, rssAtStart = 40 * MiB): MixResult {
  return {
    sent: users, acked: users, ackFailures: {}, ack: lat(20), delivery: lat(pass ? 40 : 150), received: {}, users, open: users,
    server: usage(60, rss, engine), load: usage(30), connectMs: 1000, pass, startMemory: { heapUsed: rssAtStart / 2, rss: rssAtStart, childrenRss: engine / 2 },
  };
}

const results: BenchResults = {
  date: "2026-11-21T10:00:00.000Z",
  commit: "abc1234",
  dirty: true,
  machine: "Test CPU, 2 cores",
  node: "v20.0.0",
  busyBefore: 0.05,
  pinned: true,
  repeats: 2,
  runs: [
    run("idle", "A", 5000, idle(5000, 4096)),
    run("idle", "B", 5000, idle(5000, 10240)),
    run("idle", "B", 5000, idle(5000, 10240), 2),
    run("idle", "D", 5000, idle(5000, 12288)),
    { scenario: "idle", variant: "D", rep: 2, level: 5000, busy: 0.4, ok: false, error: "connected 4000 of 5000" },
    run("broadcast", "A", 1000, broadcast(200_000, [5, 8, 12, 20, 40, 300])),
    run("broadcast", "B", 1000, broadcast(150_000, [5, 10, 20, 35, 90])),
    run("broadcast", "D", 1000, broadcast(130_000, [6, 12, 25, 45, 120])),
    // Chat: D-nostore never ran, so both chat store targets are not measured.
    run("chat", "A", 2000, chat(4000, [4, 8, 16, 70])),
    run("chat", "B", 2000, chat(3000, [5, 10, 30, 80])),
    run("chat", "D", 2000, chat(1000, [10, 60])),
    ...[2500, 5000, 7500].map((u) => run("mix", "D", u, mix(u, u < 7500, 100 * MiB, 40 * MiB, 60 * MiB))),
    ...[2500, 5000, 7500, 10_000].map((u) => run("mix", "A", u, mix(u, true, 80 * MiB, 0))),
    ...[2500, 5000].map((u) => run("mix", "B", u, mix(u, u < 5000, 90 * MiB, 0))),
  ],
};

/** Tags open and close in order (self-closing ones aside): enough to call the SVG well formed. */
function balanced(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (!m[1]) stack.push(m[2] ?? "");
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

describe("realtime bench report", () => {
  let dir = "";
  let out = "";
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "bench-report-"));
    out = path.join(dir, "BENCHMARKS.md");
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("replaces only its own section and keeps the embedded engine's verbatim", () => {
    writeFileSync(out, `# Benchmarks\n\n## Realtime (npm run bench)\n\nold figures\n\n${EMBEDDED}`);
    writeReport(results, out);
    const doc = readFileSync(out, "utf8");
    expect(doc.endsWith(EMBEDDED)).toBe(true);
    expect(doc).not.toContain("old figures");
    expect(doc.match(/^## Realtime \(npm run bench\)$/gm)).toHaveLength(1);
    expect(doc).toContain("- Git commit: abc1234 + uncommitted changes");
    expect(doc).toContain("](bench-realtime-latency.svg)");
    expect(doc).toContain("idle D #2 at 5,000 (40%)"); // busy run noted
    expect(doc).toContain("connected 4000 of 5000"); // failed run listed
    expect(doc).toMatch(/the load generator used 95% of a core at A: bare ws's best step/);
    writeReport(results, out);
    expect(readFileSync(out, "utf8")).toBe(doc); // idempotent
  });

  it("gives ratios to A and B and the targets' verdicts", () => {
    writeFileSync(out, `# Benchmarks\n\n${EMBEDDED}`);
    writeReport(results, out);
    const doc = readFileSync(out, "utf8");
    expect(doc.startsWith(`# Benchmarks\n\n${EMBEDDED}\n## Realtime (npm run bench)\n`)).toBe(true);
    const row = (start: string, heading = "") =>
      (doc.split("\n### ").find((s) => s.startsWith(heading)) ?? "").split("\n").find((l) => l.startsWith(`| ${start}`)) ?? "";
    expect(row("D: our server ", "Broadcast")).toMatch(/\| +130,000 \| +\(1 run\) \| +0\.87x \| +0\.65x \|/);
    expect(row("D: our server ", "Chat")).toMatch(/\| +1,000 \| +\(1 run\) \| +0\.33x \| +0\.25x \|/);
    expect(row("B: bare", "Mix")).toMatch(/\| +2,500 \| +\(1 run\) \| +1\.00x \| +0\.25x \| +2,500 \|/);
    expect(doc).toMatch(/\| D: our server +\| +5,000 \| +12\.0 \| +\(1 run\) \| +1\.20x \| +3\.00x/); // idle heap
    expect(doc).toMatch(/\| B: bare Socket.IO 4.8 +\| +5,000 \| +10\.0 \| +±0% \|/);
    expect(doc).toMatch(/D: our server, chat store stubbed +\| +no result/);
    expect(row("5,000", "Mix")).toMatch(/\| 1 of 1 \| +10 \| +40 \| +60\.0 \| +100\.0 \| +40\.0 \| +140\.0 \| +60% \| +30% \| +12 \|/); // D per level
    const verdict = (target: string) => / (met|missed|not measured) +\|$/.exec(row(target, "Targets"))?.[1];
    expect(verdict("D heap per idle connection")).toBe("met");
    expect(row("D heap per idle connection", "Targets")).toContain("1.20x");
    expect(verdict("broadcast: D >= 0.8x B")).toBe("met");
    expect(verdict("broadcast: B >= 0.8x A")).toBe("missed");
    expect(row("broadcast: B >= 0.8x A", "Targets")).toContain("0.75x");
    expect(verdict("chat: D with the store stubbed")).toBe("not measured");
    expect(verdict("chat: D with the store >=")).toBe("not measured");
    expect(verdict("mix: D sustains")).toBe("met");
    expect(row("mix: D sustains", "Targets")).toContain("passed up to 5,000 users (median of 1 repeat); at 5,000: p99 40 ms");
    expect(verdict("mix: RSS")).toBe("met");
    expect(row("mix: RSS", "Targets")).toContain("140.0 MiB (server 100.0 + engine 40.0); B, bare Socket.IO without a store: 90.0 MiB");
    // (100 - 60) MiB over 5,000 users against B's (90 - 40) MiB
    expect(row("mix: RSS", "Targets")).toContain("growth per user from start: D 8.2 KiB vs B 10.2 KiB (0.80x), D's server at start 60.0 MiB");
  });

  it("breaks D's chat steps into stages, the slow messages' time split between them", () => {
    const h = (ms: number, n = 100) => ({ n, sumMs: ms * n, buckets: [[latencyBucket(ms), n]] as [number, number][] });
    const withStages = chat(1000, [10, 60]);
    for (const step of withStages.steps) {
      step.stages = {
        server: {
          stages: { total: h(30), "received→validated": h(0.05), "validated→conversation": h(0.01), "conversation→sent": h(2), "sent→replied": h(25), "replied→delivered": h(0.2), "delivered→acked": h(0.05) },
          slow: { n: 40, sumMs: { "conversation→sent": 100, "sent→replied": 900 } },
        },
        engine: { commands: { insert: h(3, 20) }, stages: { queued: h(0.02, 20), fsync: h(0.3, 20), gcPause: h(12, 3) } },
      };
    }
    writeReport({ ...results, runs: [run("chat", "D", 2000, withStages)] }, out);
    const doc = readFileSync(out, "utf8");
    const section = doc.split("\n### ").find((x) => x.startsWith("Where a message's time goes")) ?? "";
    expect(section).toContain("D: our server, best step (500 msg/s, repeat 1)");
    expect(section).toContain("D: our server, first failing step (1,000 msg/s, repeat 1)");
    expect(section).toMatch(/\| server: sent→replied +\| +100 \| +25 \| +2[5-7] \| +2[5-7] \| +2[5-7] \| +90% \|/);
    expect(section).toMatch(/\| engine: insert command +\| +20 \|/);
    expect(section).toMatch(/\| engine: GC pause +\| +3 \| +12 \|/);
    expect(section).toContain("40 messages took 20 ms or more on the server");
  });

  it("flags a mix level whose repeats disagree, with the old-generation collections of each repeat", () => {
    const failing = mix(5000, false, 100 * MiB, 40 * MiB);
    failing.server = { ...failing.server, gc: { count: 20, totalMs: 400, maxMs: 35, majors: 3 } };
    const [first, ...rest] = results.runs;
    const runs = [{ ...first, speed: { server: 5, load: 5 } } as Run, ...rest, { ...run("mix", "D", 5000, failing, 2), speed: { server: 6.5, load: 5.5 } }];
    writeReport({ ...results, runs }, out);
    const doc = readFileSync(out, "utf8");
    expect(doc).toContain("- Note: the repeats disagree at 5,000 users: 1 of 2 passed.");
    expect(doc).toMatch(/\| 5,000 \| 1 of 2 \|.*\|\s+\? \(passed\), 3 \(failed, core 6\.5 ms\) \|/);
    expect(doc).toContain("- Speed of the server's core (a fixed deflate before each run, best of 5): 5.0 to 6.5 ms; the slowest run had 1.30x the fastest's time");
    expect(doc).not.toContain("disagree at 2,500");
  });

  it("writes the chart next to the report, one polyline per variant and panel", () => {
    writeReport(results, out);
    expect(readFileSync(out, "utf8")).toMatch(/^# Benchmarks\n\n## Realtime/);
    const svg = readFileSync(path.join(dir, "bench-realtime-latency.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(balanced(svg)).toBe(true);
    const lines = [...svg.matchAll(/<polyline data-variant="([^"]+)"/g)].map((m) => m[1]);
    expect(lines).toEqual(["A", "B", "D", "A", "B", "D"]);
    expect(svg).toContain("50 ms limit");
    expect(svg.match(/<path /g)?.length).toBe(2); // A's 300 ms step, clipped to the top, and the legend's marker
  });
});
