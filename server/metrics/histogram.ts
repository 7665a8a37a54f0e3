/**
 * Handling times go into fixed histogram buckets (upper bounds in ms, the last one open-ended), so
 * recording an event is an index lookup and an increment, and any window's p95 is read back from
 * the summed counts. Prometheus gets the same bounds (in seconds).
 */
export const BOUNDS_MS: readonly number[] = [0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 25, 50, 75, 100, 250, 500, 1000, 2500, 5000, 10_000];
/** One more than the bounds: the last bucket holds everything above 10 s. */
export const BUCKETS = BOUNDS_MS.length + 1;

/** The bucket of a duration: the first whose upper bound is at least `ms`. */
export function bucketOf(ms: number): number {
  let lo = 0;
  let hi = BOUNDS_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ms <= (BOUNDS_MS[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The `q` quantile (0..1) of the durations counted in `counts[offset .. offset+BUCKETS)`,
 * interpolated linearly inside its bucket (as Prometheus' histogram_quantile does); the open last
 * bucket answers its lower bound. 0 when nothing was counted.
 */
export function quantile(counts: ArrayLike<number>, q: number, offset = 0): number {
  let total = 0;
  for (let b = 0; b < BUCKETS; b++) total += counts[offset + b] ?? 0;
  if (total === 0) return 0;
  const rank = q * total;
  let seen = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const n = counts[offset + b] ?? 0;
    if (n > 0 && seen + n >= rank) {
      const lower = b === 0 ? 0 : (BOUNDS_MS[b - 1] as number);
      if (b === BOUNDS_MS.length) return lower;
      const upper = BOUNDS_MS[b] as number;
      return lower + ((upper - lower) * (rank - seen)) / n;
    }
    seen += n;
  }
  return BOUNDS_MS[BOUNDS_MS.length - 1] as number;
}
