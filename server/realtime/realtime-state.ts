import type { UserStatusDto } from "@/contracts/dto";
import { recordLastSeen } from "../services/presence/statuses";
import { relatedUserIds } from "../services/presence/visibility";
import { runtime } from "../runtime";
import type { Broadcaster } from "./broadcaster";
import { SessionExpiry } from "./connection";
import { PresenceRegistry } from "./presence";
import { ViewerRegistry } from "./viewers";

export interface RealtimeState {
  presence: PresenceRegistry;
  viewers: ViewerRegistry;
  expiry: SessionExpiry;
  /** Stops timers and records lastSeenAt for everyone still online. */
  close(): Promise<void>;
}

/** The in-memory realtime state of one io instance (single node; F11 moves it to Redis). */
export function createRealtimeState(realtime: Broadcaster): RealtimeState {
  const viewers = new ViewerRegistry((videoId, count) => {
    realtime.emit([{ to: { video: videoId }, delivery: "snapshot", event: "viewerCount", payload: { videoId, count } }]);
  });

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
  const presence = new PresenceRegistry(broadcast, persistLastSeen);

  const expiry = new SessionExpiry();

  return {
    presence,
    viewers,
    expiry,
    close: async () => {
      expiry.close();
      viewers.close();
      const online = presence.onlineUserIds();
      presence.close();
      await Promise.allSettled(queues.values());
      await recordLastSeen(online, new Date());
    },
  };
}
