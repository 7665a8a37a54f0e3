import type { UserStatusDto } from "@/contracts/dto";
import { recordLastSeen } from "../services/presence/statuses";
import { relatedUserIds } from "../services/presence/visibility";
import { runtime } from "../runtime";
import type { Broadcaster } from "./broadcaster";
import { SessionExpiry } from "./connection";
import { PresenceRegistry, type PresenceStore } from "./presence";
import { ViewerRegistry, type ViewerStore } from "./viewers";
import type { ClusterHandle } from "../cluster/cluster";
import { NodeLoop } from "../cluster/node-loop";
import { RedisPresence } from "../cluster/redis-presence";
import { RedisViewers } from "../cluster/redis-viewers";
import type { RealtimeTimings } from "./timings";

export interface RealtimeState {
  presence: PresenceStore;
  viewers: ViewerStore;
  expiry: SessionExpiry;
  /** Stops timers and records lastSeenAt for everyone still online. */
  close(): Promise<void>;
}

/**
 * The realtime state of one io instance: in this process's memory, or with a cluster (REDIS_URL) in
 * Redis, shared by every node (cluster/*). The announcements are the same either way.
 */
export function createRealtimeState(realtime: Broadcaster, timings: RealtimeTimings, cluster?: ClusterHandle | null): RealtimeState {
  const publishCount = (videoId: string, count: number) => {
    realtime.emit([{ to: { video: videoId }, delivery: "snapshot", event: "viewerCount", payload: { videoId, count } }]);
  };

  // Status changes of one user are sent in order, though finding the audience is async.
  const queues = new Map<string, Promise<void>>();
  const broadcast = (status: UserStatusDto) => {
    const prev = queues.get(status.userId) ?? Promise.resolve();
    const next = prev.then(async () => {
      const related = await relatedUserIds(status.userId);
      realtime.emit([{ to: [{ admins: true }, { users: [...related] }], delivery: "snapshot", event: "userStatusUpdate", payload: status }]);
    });
    const settled = next.catch((e: unknown) => {
      console.error("[presence] broadcast failed:", e instanceof Error ? e.message : String(e));
    });
    queues.set(status.userId, settled);
    void settled.then(() => {
      if (queues.get(status.userId) === settled) queues.delete(status.userId);
    });
  };
  const persistLastSeen = (userId: string, at: Date) => {
    void runtime
      .track(recordLastSeen([userId], at))
      .catch((e: unknown) => {
        console.error("[presence] lastSeenAt not saved:", e instanceof Error ? e.message : String(e));
      });
  };
  const expiry = new SessionExpiry();
  if (cluster) return clusterState(cluster, timings, { publishCount, broadcast, persistLastSeen, expiry, queues });
  const viewers = new ViewerRegistry(publishCount, timings.viewerIntervalMs);
  const presence = new PresenceRegistry(broadcast, persistLastSeen, timings.presenceGraceMs);

  return {
    presence,
    viewers,
    expiry,
    close: async () => {
      expiry.close();
      viewers.close();
      const online = [...presence.onlineUserIds()];
      presence.close();
      await Promise.allSettled(queues.values());
      await recordLastSeen(online, new Date());
    },
  };
}

interface Announcers {
  publishCount: (videoId: string, count: number) => void;
  broadcast: (status: UserStatusDto) => void;
  persistLastSeen: (userId: string, at: Date) => void;
  expiry: SessionExpiry;
  queues: Map<string, Promise<void>>;
}

/** Presence and viewer counts in Redis, and this node's heartbeat and cleanup loop (cluster/node-loop.ts). */
function clusterState(cluster: ClusterHandle, timings: RealtimeTimings, a: Announcers): RealtimeState {
  const presence = new RedisPresence(cluster.redis, cluster.nodeId, a.broadcast, a.persistLastSeen, timings.presenceGraceMs);
  const viewers = new RedisViewers(cluster.redis, cluster.nodeId, a.publishCount, timings.viewerIntervalMs);
  const loop = new NodeLoop(cluster.redis, cluster.nodeId, presence, viewers, cluster.timings, timings.presenceGraceMs);
  loop.start();
  return {
    presence,
    viewers,
    expiry: a.expiry,
    close: async () => {
      a.expiry.close();
      viewers.close();
      presence.close();
      // This node's users were online until now; another node takes them offline if they do not come back.
      const mine = presence.localUserIds();
      await loop.close();
      await Promise.allSettled(a.queues.values());
      await recordLastSeen(mine, new Date());
    },
  };
}
