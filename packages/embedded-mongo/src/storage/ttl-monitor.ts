import { setImmediate as yieldToIo } from "node:timers/promises";
import { type Document } from "bson";
import { type Collection } from "../engine/collection.js";
import { compileQuery } from "../engine/mingo-context.js";
import { viewOf } from "../engine/numeric-view.js";
import { planQuery } from "../engine/query-plan.js";
import { type Store } from "./store.js";

export const DEFAULT_TTL_MONITOR_MS = 60_000;
/** A batch of deletes runs at most this long before other commands get the event loop back. */
const BATCH_BUDGET_MS = 4;

export interface TtlStats {
  passes: number;
  deletedDocuments: number;
}

/**
 * The engine's one TTL monitor's settings and counters (one engine per process): `setParameter
 * ttlMonitorSleepSecs` changes the interval, `serverStatus` reports `metrics.ttl`.
 */
export const ttlState = {
  intervalMs: DEFAULT_TTL_MONITOR_MS,
  stats: { passes: 0, deletedDocuments: 0 },
  /** Restarts the wait with the current interval (after `setParameter`). */
  reschedule: (): void => undefined,
};

/** The TTL index of a collection: a single-field index with `expireAfterSeconds`. */
interface TtlIndex {
  coll: Collection;
  name: string;
  field: string;
  seconds: number;
  partial?: Document;
}

function ttlIndexes(store: Store): TtlIndex[] {
  const out: TtlIndex[] = [];
  for (const colls of store.catalog.dbs.values()) {
    for (const coll of colls.values()) {
      for (const index of coll.indexes.values()) {
        const { spec } = index;
        const seconds = spec.expireAfterSeconds;
        if (seconds === undefined || !Number.isFinite(seconds) || index.fields.length !== 1) continue;
        out.push({ coll, name: spec.name, field: index.fields[0] ?? "", seconds, partial: spec.partialFilterExpression });
      }
    }
  }
  return out;
}

/**
 * Deletes expired documents as mongod's TTL monitor does: every `intervalMs` (60 s by default),
 * for each single-field index with `expireAfterSeconds`, documents whose indexed date (the
 * earliest one for an array) lies more than that many seconds in the past. Documents without a
 * date there never expire. Deletes are ordinary journaled deletes, found through the index's
 * ordered keys and done in batches of a few milliseconds with the event loop released in between,
 * so commands keep being served during a large sweep.
 */
export class TtlMonitor {
  readonly stats: TtlStats = ttlState.stats;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly store: Store, intervalMs: number, private readonly log: (line: string) => void) {
    ttlState.intervalMs = intervalMs;
    ttlState.reschedule = () => {
      if (this.running || !this.timer) return;
      clearTimeout(this.timer);
      this.schedule();
    };
  }

  start(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .catch((err: unknown) => {
          this.log(`TTL monitor: ${err instanceof Error ? err.message : String(err)}`);
        })
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, ttlState.intervalMs);
    this.timer.unref();
  }

  /** One pass over every TTL index. */
  async sweep(): Promise<void> {
    for (const ttl of ttlIndexes(this.store)) {
      if (this.stopped) return;
      const n = await this.expire(ttl);
      if (n > 0) this.log(`TTL monitor: deleted ${n} documents from ${ttl.coll.ns} (index ${ttl.name})`);
    }
    this.stats.passes++;
  }

  private async expire(ttl: TtlIndex): Promise<number> {
    const cutoff = new Date(Date.now() - ttl.seconds * 1000);
    const expired: Document = { [ttl.field]: { $lt: cutoff } };
    const filter = ttl.partial ? { $and: [expired, ttl.partial] } : expired;
    const query = compileQuery(filter);
    let deleted = 0;
    for (;;) {
      const { coll } = ttl;
      // The collection or index may have been dropped while we yielded.
      if (this.stopped || this.store.catalog.collection(coll.db, coll.name) !== coll || !coll.indexes.has(ttl.name)) return deleted;
      const started = performance.now();
      let batch = 0;
      let more = false;
      for (const doc of planQuery(coll, filter, { hint: ttl.name, withHidden: true }).candidates({ keys: 0, docs: 0 })) {
        if (!query.test(viewOf(doc))) continue;
        this.store.commit({ op: "d", db: coll.db, coll: coll.name, id: doc._id });
        batch++;
        if ((batch & 63) === 0 && performance.now() - started > BATCH_BUDGET_MS) {
          more = true;
          break;
        }
      }
      deleted += batch;
      // Journaled like any delete: wait for the fsync (other commands run meanwhile), then count.
      if (batch > 0) await this.store.durable();
      this.stats.deletedDocuments += batch;
      if (!more) return deleted;
      await yieldToIo();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.running) await this.running;
  }
}
