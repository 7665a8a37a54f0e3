import { Types } from "mongoose";
import type { UserStatusDto } from "@/contracts/dto";
import { rooms } from "@/contracts/socket";
import { User } from "@/models/User";
import { relatedUserIds } from "../services/presence/visibility";
import { runtime, type AppIo } from "../runtime";
import { SessionExpiry } from "./connection";
import { emitSnapshot } from "./snapshot-emit";
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
export function createRealtimeState(io: AppIo): RealtimeState {
  const viewers = new ViewerRegistry((videoId, count) => {
    emitSnapshot(io, rooms.video(videoId), "viewerCount", { videoId, count });
  });

  // Status changes of one user are sent in order, though finding the audience is async.
  const queues = new Map<string, Promise<void>>();
  const broadcast = (status: UserStatusDto) => {
    const prev = queues.get(status.userId) ?? Promise.resolve();
    const next = prev.then(async () => {
      const related = await relatedUserIds(status.userId);
      emitSnapshot(io, [rooms.admin, ...[...related].map((id) => rooms.user(id))], "userStatusUpdate", status);
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
      .track(User.updateOne({ _id: new Types.ObjectId(userId) }, { $set: { lastSeenAt: at } }).exec())
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
      const online = presence.onlineUserIds().map((id) => new Types.ObjectId(id));
      presence.close();
      await Promise.allSettled(queues.values());
      if (online.length) await User.updateMany({ _id: { $in: online } }, { $set: { lastSeenAt: new Date() } });
    },
  };
}
