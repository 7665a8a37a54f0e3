import { BUCKETS } from "./histogram";

/** Outcomes of a client event, as indexes into the per-second counters. */
export const Outcome = { ok: 0, refused: 1, failed: 2 } as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];
export const OUTCOME_NAMES = ["ok", "refused", "failed"] as const;
const OUTCOMES = OUTCOME_NAMES.length;

/** Transports, as indexes (contracts/metrics.ts `TRANSPORTS` order). */
export const TRANSPORT_COUNT = 2;

/** Gauges read once a second by the sampler, as indexes into `samples`. */
export const Sample = { connections: 0, rooms: 1, eventLoopDelayMs: 2, heapUsed: 3, rss: 4, onlineUsers: 5 } as const;
const SAMPLES = Object.keys(Sample).length;

/** One second of one node, as published to the cluster (samples are null when not taken). */
export interface NodePoint {
  /** Epoch second. */
  t: number;
  outcomes: number[];
  handlingMs: number;
  hist: number[];
  messages: number;
  opened: number[];
  closed: number[];
  samples: (number | null)[];
}

/**
 * Per-second counters for the last `size` seconds in preallocated typed arrays, indexed by epoch
 * second modulo `size`. Moving to a new second clears the slots skipped since the last one, so
 * recording never allocates and an idle second reads as zeros.
 */
export class SecondRing {
  private current = -1;
  private readonly secondOf: Float64Array;
  readonly outcomes: Uint32Array;
  readonly handlingMs: Float64Array;
  readonly hist: Uint32Array;
  readonly messages: Uint32Array;
  readonly opened: Uint32Array;
  readonly closed: Uint32Array;
  readonly samples: Float64Array;

  constructor(readonly size: number) {
    this.secondOf = new Float64Array(size).fill(-1);
    this.outcomes = new Uint32Array(size * OUTCOMES);
    this.handlingMs = new Float64Array(size);
    this.hist = new Uint32Array(size * BUCKETS);
    this.messages = new Uint32Array(size);
    this.opened = new Uint32Array(size * TRANSPORT_COUNT);
    this.closed = new Uint32Array(size * TRANSPORT_COUNT);
    this.samples = new Float64Array(size * SAMPLES).fill(Number.NaN);
  }

  /** The newest second recorded so far (-1 before the first). */
  get newest(): number {
    return this.current;
  }

  /** The slot of epoch second `sec` for writing, or -1 when it has already left the ring. */
  slot(sec: number): number {
    if (sec > this.current) this.advance(sec);
    else if (this.current - sec >= this.size) return -1;
    return sec % this.size;
  }

  /** The slot holding `sec` for reading, or -1 when that second was never recorded or has left. */
  held(sec: number): number {
    const i = sec % this.size;
    return sec >= 0 && this.secondOf[i] === sec ? i : -1;
  }

  /** A copy of one second (zeros, and null samples, for a second with nothing recorded). */
  point(sec: number): NodePoint {
    const i = this.held(sec);
    const take = (arr: ArrayLike<number>, width: number) => Array.from({ length: width }, (_, k) => (i < 0 ? 0 : (arr[i * width + k] ?? 0)));
    return {
      t: sec,
      outcomes: take(this.outcomes, OUTCOMES),
      handlingMs: i < 0 ? 0 : (this.handlingMs[i] ?? 0),
      hist: take(this.hist, BUCKETS),
      messages: i < 0 ? 0 : (this.messages[i] ?? 0),
      opened: take(this.opened, TRANSPORT_COUNT),
      closed: take(this.closed, TRANSPORT_COUNT),
      samples: Array.from({ length: SAMPLES }, (_, k) => {
        const v = i < 0 ? Number.NaN : (this.samples[i * SAMPLES + k] ?? Number.NaN);
        return Number.isNaN(v) ? null : v;
      }),
    };
  }

  setSample(sec: number, field: number, value: number): void {
    const i = this.slot(sec);
    if (i >= 0) this.samples[i * SAMPLES + field] = value;
  }

  private advance(sec: number): void {
    // Clear every slot between the last second and this one (at most the whole ring).
    const from = Math.max(this.current + 1, sec - this.size + 1);
    for (let s = from; s <= sec; s++) {
      const i = s % this.size;
      this.secondOf[i] = s;
      this.outcomes.fill(0, i * OUTCOMES, (i + 1) * OUTCOMES);
      this.handlingMs[i] = 0;
      this.hist.fill(0, i * BUCKETS, (i + 1) * BUCKETS);
      this.messages[i] = 0;
      this.opened.fill(0, i * TRANSPORT_COUNT, (i + 1) * TRANSPORT_COUNT);
      this.closed.fill(0, i * TRANSPORT_COUNT, (i + 1) * TRANSPORT_COUNT);
      this.samples.fill(Number.NaN, i * SAMPLES, (i + 1) * SAMPLES);
    }
    this.current = sec;
  }
}

export const OUTCOME_COUNT = OUTCOMES;
export const SAMPLE_COUNT = SAMPLES;
