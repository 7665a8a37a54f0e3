import { performance } from "node:perf_hooks";
import { LatencyHistogram, type HistogramSnapshot } from "embedded-mongo/latency-histogram";

/**
 * Where a chat message's time goes on the server, stage by stage (issue 20): each `message` event
 * carries a `MessageTrace` that the dispatcher, the chat service and the message writer stamp as it
 * passes (`performance.now()`, a few per message), and its stages go into latency histograms when the
 * ack is written. Marks, in order: received (the dispatcher has the event), validated (rate limits,
 * schema), conversation (resolved, usually from the cache), sent (its batch's insert command handed to
 * the driver: the wait for the batch, behind the one in flight), replied (the insert's reply is back:
 * the store round trip, the engine's queue, execution and journal fsync included), delivered (the
 * `newMessage` event written to the recipient), acked (the ack written to the sender). A stage is
 * named after the two marks that bound it; a mark left unset (the benchmark's store-less variant
 * sets no store marks) merges its two stages. Messages whose server time reached `SLOW_MS` also add
 * their stages' times to a separate sum: which stage holds the tail, not only each stage's own p99.
 * What happens before `received` (the frame waiting in the kernel for a busy event loop, Socket.IO's
 * parsing) is the client-seen latency minus `received→acked`.
 */

export const SLOW_MS = 20;
const MARKS = ["received", "validated", "conversation", "sent", "replied", "delivered", "acked"] as const;
type Mark = (typeof MARKS)[number];

export class MessageTrace {
  readonly at = new Float64Array(MARKS.length);

  constructor(receivedAt = performance.now()) {
    this.at[0] = receivedAt;
  }

  mark(m: Exclude<Mark, "received">, now = performance.now()): void {
    this.at[MARKS.indexOf(m)] = now;
  }
}

export interface StagesSnapshot {
  /** Per stage ("sent→replied"), and "total" (received→acked). */
  stages: Record<string, HistogramSnapshot>;
  /** Messages with total >= SLOW_MS: how many, and the ms each stage held of them, summed. */
  slow: { n: number; sumMs: Record<string, number> };
}

class MessageStages {
  private readonly stages = new Map<string, LatencyHistogram>();
  private readonly slowSum = new Map<string, number>();
  private slowN = 0;

  private histogram(name: string): LatencyHistogram {
    let h = this.stages.get(name);
    if (!h) this.stages.set(name, (h = new LatencyHistogram()));
    return h;
  }

  /** Records a trace whose ack has just been written. */
  done(trace: MessageTrace): void {
    trace.mark("acked");
    const at = trace.at;
    const total = (at[MARKS.length - 1] ?? 0) - (at[0] ?? 0);
    const slow = total >= SLOW_MS;
    this.histogram("total").record(total);
    if (slow) this.slowN++;
    let prev = 0;
    for (let i = 1; i < MARKS.length; i++) {
      if (!at[i]) continue;
      const name = `${MARKS[prev] ?? ""}→${MARKS[i] ?? ""}`;
      const ms = (at[i] ?? 0) - (at[prev] ?? 0);
      this.histogram(name).record(ms);
      if (slow) this.slowSum.set(name, (this.slowSum.get(name) ?? 0) + ms);
      prev = i;
    }
  }

  snapshot(): StagesSnapshot {
    return {
      stages: Object.fromEntries([...this.stages].map(([k, h]) => [k, h.snapshot()])),
      slow: { n: this.slowN, sumMs: Object.fromEntries(this.slowSum) },
    };
  }
}

/** The process's message stages (one realtime server per process). */
export const messageStages = new MessageStages();
