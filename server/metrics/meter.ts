import { performance } from "node:perf_hooks";
import type { Transport } from "@/contracts/metrics";
import { BUCKETS, bucketOf } from "./histogram";
import { OUTCOME_COUNT, SecondRing, TRANSPORT_COUNT, type Outcome } from "./second-ring";

/** Seconds of history kept (15 minutes), plus the second being filled. */
export const HISTORY_SECONDS = 15 * 60;

/** Events not in the dispatcher's table are counted under this name (never the client's string: no label explosion). */
export const UNKNOWN_EVENT = "(unknown)";

const transportIndex = (t: Transport): number => (t === "ws" ? 1 : 0);

/** The clock of every measurement: monotonic, sub-millisecond; seconds are counted from it. */
const epochSecond = (perfNow: number): number => Math.floor((performance.timeOrigin + perfNow) / 1000);

/**
 * What the hot paths call: the event dispatcher (`eventStarted` at receipt, `eventDone` at the ack
 * or the end of the handler), the transports (`connectionOpened("socketio" | "ws")` and
 * `connectionClosed`), the chat service (`messageStored`). Each call is a few increments into
 * preallocated arrays: nothing is allocated per event and no timer is armed per event.
 */
export class RealtimeMeter {
  readonly ring = new SecondRing(HISTORY_SECONDS + 1);
  /** Event names in slot order; the last is UNKNOWN_EVENT. */
  readonly eventNames: readonly string[];
  private readonly slots: Map<string, number>;
  /** Since start, per event slot: outcome counts, histogram counts, summed handling ms (for Prometheus). */
  readonly eventOutcomes: Float64Array;
  readonly eventHist: Float64Array;
  readonly eventHandlingMs: Float64Array;
  private readonly open = new Int32Array(TRANSPORT_COUNT);
  private peak = 0;
  private stored = 0;

  constructor(events: readonly string[]) {
    this.eventNames = [...events, UNKNOWN_EVENT];
    this.slots = new Map(this.eventNames.map((name, i) => [name, i]));
    this.eventOutcomes = new Float64Array(this.eventNames.length * OUTCOME_COUNT);
    this.eventHist = new Float64Array(this.eventNames.length * BUCKETS);
    this.eventHandlingMs = new Float64Array(this.eventNames.length);
  }

  /** A timestamp to hand back to `eventDone`. */
  eventStarted(): number {
    return performance.now();
  }

  /** The counter slot of an event name (unknown names share one slot). */
  slotOf(event: unknown): number {
    return (typeof event === "string" ? this.slots.get(event) : undefined) ?? this.eventNames.length - 1;
  }

  eventDone(slot: number, outcome: Outcome, startedAt: number): void {
    const now = performance.now();
    const ms = now - startedAt;
    const b = bucketOf(ms);
    this.eventOutcomes[slot * OUTCOME_COUNT + outcome] = (this.eventOutcomes[slot * OUTCOME_COUNT + outcome] ?? 0) + 1;
    this.eventHist[slot * BUCKETS + b] = (this.eventHist[slot * BUCKETS + b] ?? 0) + 1;
    this.eventHandlingMs[slot] = (this.eventHandlingMs[slot] ?? 0) + ms;
    const ring = this.ring;
    const i = ring.slot(epochSecond(now));
    if (i < 0) return;
    ring.outcomes[i * OUTCOME_COUNT + outcome] = (ring.outcomes[i * OUTCOME_COUNT + outcome] ?? 0) + 1;
    ring.handlingMs[i] = (ring.handlingMs[i] ?? 0) + ms;
    ring.hist[i * BUCKETS + b] = (ring.hist[i * BUCKETS + b] ?? 0) + 1;
  }

  connectionOpened(transport: Transport): void {
    const t = transportIndex(transport);
    this.open[t] = (this.open[t] ?? 0) + 1;
    const total = this.connections();
    if (total > this.peak) this.peak = total;
    const i = this.ring.slot(epochSecond(performance.now()));
    if (i >= 0) this.ring.opened[i * TRANSPORT_COUNT + t] = (this.ring.opened[i * TRANSPORT_COUNT + t] ?? 0) + 1;
  }

  connectionClosed(transport: Transport): void {
    const t = transportIndex(transport);
    this.open[t] = Math.max(0, (this.open[t] ?? 0) - 1);
    const i = this.ring.slot(epochSecond(performance.now()));
    if (i >= 0) this.ring.closed[i * TRANSPORT_COUNT + t] = (this.ring.closed[i * TRANSPORT_COUNT + t] ?? 0) + 1;
  }

  /** A chat message was stored (not a retry answered from the store). */
  messageStored(): void {
    this.stored++;
    const i = this.ring.slot(epochSecond(performance.now()));
    if (i >= 0) this.ring.messages[i] = (this.ring.messages[i] ?? 0) + 1;
  }

  /** Open connections now, all transports or one. */
  connections(transport?: Transport): number {
    if (transport) return this.open[transportIndex(transport)] ?? 0;
    let n = 0;
    for (const v of this.open) n += v;
    return n;
  }

  peakConnections(): number {
    return this.peak;
  }

  totalMessages(): number {
    return this.stored;
  }

  /** The epoch second now, on the meter's clock. */
  nowSecond(): number {
    return epochSecond(performance.now());
  }
}
