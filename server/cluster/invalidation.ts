import type { Invalidation } from "../services/caches";
import type { ClusterHandle } from "./cluster";
import { logOnce } from "./log-once";

const CHANNEL = "ll:invalidate";

interface Envelope {
  from: string;
  change: Invalidation;
}

/**
 * Cache invalidations between nodes (services/caches.ts): each change a node makes is published on
 * one Redis pub/sub channel and applied by every other node. Pub/sub is at most once, so when the
 * subscriber connection comes back after a drop (messages may have been missed meanwhile) `resync` runs:
 * the caller drops the caches that can go stale and reloads what the store knows (revoked sessions).
 */
export async function shareInvalidations(
  cluster: ClusterHandle,
  apply: (change: Invalidation) => void,
  resync: () => void,
): Promise<{ publish: (change: Invalidation) => void; close: () => Promise<void> }> {
  const sub = cluster.redis.duplicate();
  let dropped = false;
  sub.on("error", () => { dropped = true; }); // the main client logs the outage once
  sub.on("ready", () => {
    if (!dropped) return;
    dropped = false;
    resync();
  });
  await sub.connect();
  await sub.subscribe(CHANNEL, (raw) => {
    try {
      const { from, change } = JSON.parse(raw) as Envelope;
      if (from !== cluster.nodeId) apply(change);
    } catch (e) {
      console.error("[cluster] unreadable invalidation:", e instanceof Error ? e.message : String(e));
    }
  });
  const failed = logOnce("cache invalidation publish");
  return {
    publish: (change) => {
      const envelope: Envelope = { from: cluster.nodeId, change };
      cluster.redis.publish(CHANNEL, JSON.stringify(envelope)).catch(failed);
    },
    close: async () => {
      await sub.close().catch(() => { sub.destroy(); });
    },
  };
}
