import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import {
  bucketUpperMs, histogramDiff, histogramQuantile, histogramSummary, latencyBucket, LatencyHistogram,
} from "embedded-mongo/latency-histogram";
import { MessageTrace, messageStages, SLOW_MS } from "../../server/metrics/message-stages";

describe("latency histogram", () => {
  it("reads quantiles back within a bucket's width (9%)", () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.record(i / 10); // 0.1 .. 100 ms
    const s = histogramSummary(h.snapshot());
    expect(s.n).toBe(1000);
    expect(s.meanMs).toBeCloseTo(50.05, 5);
    expect(s.p50).toBeGreaterThanOrEqual(50);
    expect(s.p50).toBeLessThanOrEqual(50 * 1.091);
    expect(s.p99).toBeGreaterThanOrEqual(99);
    expect(s.p99).toBeLessThanOrEqual(99 * 1.091);
    expect(s.max).toBeGreaterThanOrEqual(100);
    expect(s.max).toBeLessThanOrEqual(109.1);
  });

  it("puts every duration at or under its bucket's upper bound, sub-microsecond and huge ones included", () => {
    for (const ms of [0, 0.0005, 0.001, 0.0011, 0.37, 1, 12.5, 999, 5e6]) {
      const b = latencyBucket(ms);
      expect(bucketUpperMs(b)).toBeGreaterThanOrEqual(Math.min(ms, bucketUpperMs(b)));
      if (b > 0 && ms < 1e6) expect(bucketUpperMs(b - 1)).toBeLessThan(ms);
    }
    expect(histogramQuantile({ n: 0, sumMs: 0, buckets: [] }, 0.99)).toBe(0);
  });

  it("subtracts two snapshots into the window between them", () => {
    const h = new LatencyHistogram();
    h.record(1);
    h.record(200);
    const before = h.snapshot();
    h.record(2);
    h.record(2);
    const window = histogramDiff(h.snapshot(), before);
    expect(window.n).toBe(2);
    expect(window.sumMs).toBe(4);
    expect(histogramSummary(window).max).toBeLessThan(2.2); // the 200 ms before the window is not in it
  });
});

describe("message stages", () => {
  it("names each stage after the marks that bound it and attributes slow messages' time", () => {
    const before = messageStages.snapshot();
    const t0 = performance.now() - 100;
    const t = new MessageTrace(t0);
    t.mark("validated", t0 + 0.5);
    t.mark("conversation", t0 + 1);
    t.mark("sent", t0 + 2);
    t.mark("replied", t0 + SLOW_MS + 5); // a slow store round trip
    t.mark("delivered", t0 + SLOW_MS + 6);
    messageStages.done(t); // acked now, ~100 ms after it was received
    const after = messageStages.snapshot();
    const n = (k: string) => (after.stages[k]?.n ?? 0) - (before.stages[k]?.n ?? 0);
    for (const k of ["total", "received→validated", "validated→conversation", "conversation→sent", "sent→replied", "replied→delivered", "delivered→acked"]) {
      expect(n(k)).toBe(1);
    }
    expect(after.slow.n - before.slow.n).toBe(1);
    const slow = (k: string) => (after.slow.sumMs[k] ?? 0) - (before.slow.sumMs[k] ?? 0);
    expect(slow("sent→replied")).toBeCloseTo(SLOW_MS + 3, 5);
  });

  it("merges the stages around a mark left unset (the store-less variant has no store marks)", () => {
    const before = messageStages.snapshot();
    const t = new MessageTrace();
    t.mark("validated");
    t.mark("delivered");
    messageStages.done(t);
    const after = messageStages.snapshot();
    expect((after.stages["validated→delivered"]?.n ?? 0) - (before.stages["validated→delivered"]?.n ?? 0)).toBe(1);
    expect((after.stages["sent→replied"]?.n ?? 0) - (before.stages["sent→replied"]?.n ?? 0)).toBe(0);
  });
});
