/** Small statistics helpers shared by the generator, the orchestrator and the report. */

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export interface Latency { n: number; p50: number; p99: number; max: number }

export function latency(values: number[]): Latency {
  const sorted = Float64Array.from(values).sort();
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] ?? Number.NaN) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
}

/** (max - min) / median, as a fraction: how far the repeats disagree. */
export function spread(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x));
  const m = median(v);
  if (v.length < 2 || !m) return 0;
  return (Math.max(...v) - Math.min(...v)) / Math.abs(m);
}
