import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from "prom-client";
import { TRANSPORTS } from "@/contracts/metrics";
import { BOUNDS_MS, BUCKETS } from "./histogram";
import { OUTCOME_COUNT, OUTCOME_NAMES } from "./second-ring";
import { currentMetrics } from "./registry";

/**
 * GET /metrics (SPEC F10): prom-client's registry with the default process metrics and ours, per
 * node (Prometheus scrapes each node). Ours are read from the node's meter when scraped, so the hot
 * path pays nothing for them: the events counter and the handling-time histogram are the meter's
 * own fixed arrays, exported here.
 */

const PREFIX = "learnlive_";
let registry: Registry | null = null;

/** One registry per process (the default metrics install their observers once), whichever server starts. */
export function prometheusRegistry(): Registry {
  return (registry ??= buildRegistry());
}

interface ExportedValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/**
 * A histogram whose buckets already exist (the meter's): prom-client's Histogram can only be fed
 * one observation at a time, so this object answers the registry's `get()` with the counts as they
 * stand. The registry needs only name, help, type and get().
 */
class MeterHistogram {
  readonly name = `${PREFIX}realtime_event_handling_seconds`;
  readonly help = "Handling time of client events, receipt to ack (or end of handler), by event";
  readonly type = "histogram";
  readonly aggregator = "sum";

  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: ExportedValue[] }> {
    const meter = currentMetrics()?.meter;
    const values: ExportedValue[] = [];
    meter?.eventNames.forEach((event, slot) => {
      let cumulative = 0;
      let count = 0;
      for (let b = 0; b < BUCKETS; b++) count += meter.eventHist[slot * BUCKETS + b] ?? 0;
      if (count === 0) return;
      BOUNDS_MS.forEach((bound, b) => {
        cumulative += meter.eventHist[slot * BUCKETS + b] ?? 0;
        values.push({ metricName: `${this.name}_bucket`, labels: { event, le: bound / 1000 }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { event, le: "+Inf" }, value: count });
      values.push({ metricName: `${this.name}_sum`, labels: { event }, value: (meter.eventHandlingMs[slot] ?? 0) / 1000 });
      values.push({ metricName: `${this.name}_count`, labels: { event }, value: count });
    });
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }
}

function buildRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: `${PREFIX}realtime_connections`,
    help: "Open realtime connections, by transport (socketio, ws)",
    labelNames: ["transport"],
    registers: [registry],
    collect() {
      const meter = currentMetrics()?.meter;
      for (const t of TRANSPORTS) this.set({ transport: t }, meter?.connections(t) ?? 0);
    },
  });
  new Counter({
    name: `${PREFIX}realtime_events_total`,
    help: "Client events handled, by event and outcome (ok, refused: the client's error, failed: ours)",
    labelNames: ["event", "outcome"],
    registers: [registry],
    collect() {
      this.reset();
      const meter = currentMetrics()?.meter;
      meter?.eventNames.forEach((event, slot) => {
        OUTCOME_NAMES.forEach((outcome, k) => {
          const n = meter.eventOutcomes[slot * OUTCOME_COUNT + k] ?? 0;
          if (n > 0) this.inc({ event, outcome }, n);
        });
      });
    },
  });
  registry.registerMetric(new MeterHistogram() as unknown as Metric);
  simpleGauge(registry, "realtime_rooms", "Named Socket.IO rooms on this node (user, admin, video, course, lesson, conversation)", () => currentMetrics()?.gauges().rooms);
  simpleGauge(registry, "online_users", "Users online or away with a connection on this node (sum over nodes counts a user on two nodes twice)", () => currentMetrics()?.gauges().onlineUsers);
  new Counter({
    name: `${PREFIX}chat_messages_stored_total`,
    help: "Chat messages stored since this node started",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(currentMetrics()?.meter.totalMessages() ?? 0);
    },
  });
  return registry;
}

/** A gauge read when scraped. */
function simpleGauge(registry: Registry, name: string, help: string, read: () => number | undefined): void {
  new Gauge({ name: `${PREFIX}${name}`, help, registers: [registry], collect() { this.set(read() ?? 0); } });
}
