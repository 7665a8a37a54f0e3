/**
 * A latency histogram cheap enough to leave on in a hot path: log-linear buckets (8 per doubling,
 * so a quantile read back is within 9% of the true value) from 1 µs to about 1,000 s, kept as
 * counts in one preallocated array. Recording is a `Math.log2`, an index and an increment; nothing
 * is allocated. Snapshots are plain JSON (sparse `[bucket, count]` pairs) that can be subtracted to
 * get a window: what serverStatus reports and what the realtime benchmark reads.
 */

const SUB_BUCKETS = 8;
const OCTAVES = 30; // 2^30 µs ≈ 1,074 s
export const HISTOGRAM_BUCKETS = SUB_BUCKETS * OCTAVES + 1;

/** The bucket of a duration in ms (bucket 0: up to 1 µs). */
export function latencyBucket(ms: number): number {
  const us = ms * 1000;
  if (!(us > 1)) return 0;
  return Math.min(HISTOGRAM_BUCKETS - 1, Math.ceil(Math.log2(us) * SUB_BUCKETS));
}

/** The upper bound of a bucket, in ms. */
export const bucketUpperMs = (bucket: number): number => 2 ** (bucket / SUB_BUCKETS) / 1000;

/** A histogram as JSON: counts of the non-empty buckets, the count and the summed ms. */
export interface HistogramSnapshot {
  n: number;
  sumMs: number;
  /** `[bucket, count]` for every bucket that counted something. */
  buckets: [number, number][];
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(HISTOGRAM_BUCKETS);
  private n = 0;
  private sumMs = 0;

  record(ms: number): void {
    const b = latencyBucket(ms);
    this.counts[b] = (this.counts[b] ?? 0) + 1;
    this.n++;
    this.sumMs += ms;
  }

  snapshot(): HistogramSnapshot {
    const buckets: [number, number][] = [];
    this.counts.forEach((c, b) => {
      if (c > 0) buckets.push([b, c]);
    });
    return { n: this.n, sumMs: this.sumMs, buckets };
  }
}

/** What was recorded between two snapshots of one histogram (`before` may be missing: since start). */
export function histogramDiff(after: HistogramSnapshot, before?: HistogramSnapshot): HistogramSnapshot {
  if (!before) return after;
  const earlier = new Map(before.buckets);
  const buckets: [number, number][] = [];
  for (const [b, c] of after.buckets) {
    const d = c - (earlier.get(b) ?? 0);
    if (d > 0) buckets.push([b, d]);
  }
  return { n: after.n - before.n, sumMs: after.sumMs - before.sumMs, buckets };
}

/** The `q` quantile (0..1) of a snapshot, as its bucket's upper bound in ms; 0 when empty. */
export function histogramQuantile(h: HistogramSnapshot, q: number): number {
  const total = h.buckets.reduce((a, [, c]) => a + c, 0);
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [b, c] of [...h.buckets].sort((x, y) => x[0] - y[0])) {
    seen += c;
    if (seen >= rank) return bucketUpperMs(b);
  }
  return bucketUpperMs(h.buckets.at(-1)?.[0] ?? 0);
}

/** p50 / p99 / max (upper bounds of their buckets, ms), count and mean of a snapshot. */
export function histogramSummary(h: HistogramSnapshot): { n: number; meanMs: number; p50: number; p99: number; max: number } {
  return {
    n: h.n,
    meanMs: h.n > 0 ? h.sumMs / h.n : 0,
    p50: histogramQuantile(h, 0.5),
    p99: histogramQuantile(h, 0.99),
    max: histogramQuantile(h, 1),
  };
}
