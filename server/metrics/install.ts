import { ADMIN_NAMESPACE } from "@/contracts/socket";
import type { Broadcaster } from "../realtime/broadcaster";
import type { RealtimeState } from "../realtime/realtime-state";
import type { AppIo } from "../runtime";
import { RealtimeMeter } from "./meter";
import { NodeMetrics, type ClusterFactory } from "./node-metrics";
import { prometheusRegistry } from "./prometheus";
import { currentMetrics, setCurrentMetrics } from "./registry";

export interface InstalledMetrics {
  meter: RealtimeMeter;
  node: NodeMetrics;
  stop(opts?: { leave?: boolean }): Promise<void>;
}

/**
 * Starts this node's metrics for an io instance and registers them (registry.ts) for the routes,
 * the Prometheus endpoint and the native gateway.
 */
export function startRealtimeMetrics(io: AppIo, state: RealtimeState, realtime: Broadcaster, events: readonly string[], cluster?: ClusterFactory): InstalledMetrics {
  const meter = new RealtimeMeter(events);
  const main = io.of("/");
  const admin = io.of(ADMIN_NAMESPACE);
  const node = new NodeMetrics(meter, {
    // Every socket is in a room named by its id: the named rooms are the rest.
    rooms: () => Math.max(0, main.adapter.rooms.size - main.adapter.sids.size),
    onlineUsers: () => state.presence.size,
    onlineTotal: async () => state.presence.total(),
    onlineList: async () => state.presence.list(),
    adminWatching: () => admin.sockets.size > 0,
    pushToAdmins: (figures) => { realtime.toLocalAdmins("metrics", figures); },
  }, cluster).start();
  setCurrentMetrics(node);
  prometheusRegistry(); // process metrics (GC, event loop) are observed from the start, not the first scrape
  return {
    meter,
    node,
    stop: async (opts) => {
      if (currentMetrics() === node) setCurrentMetrics(null);
      await node.close(opts);
    },
  };
}
