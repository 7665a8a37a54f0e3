import { performance } from "node:perf_hooks";

/** Time for the benchmark: a wall clock comparable across processes, and an open-loop schedule. */

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

/**
 * Fires `rate` events per second for `durationMs`, open loop: event k is due at start + k/rate and
 * `fire` gets that due time, so whoever falls behind (the sender or the server) shows it as latency
 * instead of quietly sending later. A schedule that falls more than `durationMs` behind is cut short:
 * `fired < total` then, and the step has failed.
 */
export async function openLoop(opts: {
  rate: number;
  durationMs: number;
  fire(k: number, dueAt: number): void;
}): Promise<{ fired: number; total: number }> {
  const total = Math.max(1, Math.round((opts.rate * opts.durationMs) / 1000));
  const start = nowMs();
  const dueAt = (k: number) => start + (k * 1000) / opts.rate;
  let fired = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = nowMs();
      while (fired < total && dueAt(fired) <= now) {
        opts.fire(fired, dueAt(fired));
        fired++;
      }
      if (fired >= total || now - start > 2 * opts.durationMs) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  return { fired, total };
}
