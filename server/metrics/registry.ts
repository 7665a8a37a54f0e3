import type { Transport } from "@/contracts/metrics";
import { runtime } from "../runtime";
import type { NodeMetrics } from "./node-metrics";

/** The node's metrics, for the routes, the Prometheus endpoint, the services and the native gateway. */
const holder = () => runtime.store("metrics.node", () => ({ current: null as NodeMetrics | null }));

export function currentMetrics(): NodeMetrics | null {
  return holder().current;
}

export function setCurrentMetrics(m: NodeMetrics | null): void {
  holder().current = m;
}

/** The calls a transport or service makes; a no-op while metrics are off (the benchmark's switch). */
export interface MeterCalls {
  connectionOpened(transport: Transport): void;
  connectionClosed(transport: Transport): void;
  messageStored(): void;
}

const OFF: MeterCalls = { connectionOpened: () => undefined, connectionClosed: () => undefined, messageStored: () => undefined };

/**
 * For transports and services: `realtimeMetrics().connectionOpened("ws")` when the native gateway
 * accepts a connection, `connectionClosed("ws")` when it ends. Events it serves through the shared
 * dispatcher (on-event.ts) are counted there.
 */
export function realtimeMetrics(): MeterCalls {
  return currentMetrics()?.meter ?? OFF;
}
