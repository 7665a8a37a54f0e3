import { Types } from "mongoose";
import type { UserStatusDto } from "@/contracts/dto";
import { getUsersStatusPayload, userStatusPayload } from "@/contracts/schemas";
import { User } from "@/models/User";
import { visibleTo } from "../../services/presence/visibility";
import { onEvent } from "../on-event";
import type { PresenceRegistry } from "../presence";
import type { AppSocket } from "../types";
import { actorOf } from "./notification";

/** `userStatus` (this tab active or not) and `getUsersStatus` (only users the caller may see). */
export function registerPresenceHandlers(socket: AppSocket, presence: PresenceRegistry): void {
  const { userId } = socket.data;
  presence.connect(userId, socket.id);
  socket.once("disconnect", () => {
    presence.disconnect(userId, socket.id);
  });

  onEvent(socket, "userStatus", { schema: userStatusPayload, rate: [10, 2] }, (active) => {
    presence.setActive(userId, socket.id, active);
    return null;
  });

  onEvent(socket, "getUsersStatus", { schema: getUsersStatusPayload, rate: [10, 1] }, async (ids) => {
    const visible = await visibleTo(actorOf(socket), [...new Set(ids)]);
    const statuses = await statusesOf(visible, presence);
    for (const s of statuses) socket.emit("userStatusUpdate", s);
    return statuses;
  });
}

async function statusesOf(ids: string[], presence: PresenceRegistry): Promise<UserStatusDto[]> {
  const offline = ids.filter((id) => !presence.get(id));
  const seen = offline.length
    ? await User.find({ _id: { $in: offline.map((id) => new Types.ObjectId(id)) } }, { lastSeenAt: 1 }).lean()
    : [];
  const lastSeen = new Map(seen.map((u) => [u._id.toString(), u.lastSeenAt?.toISOString() ?? null]));
  return ids
    .filter((id) => presence.get(id) ?? lastSeen.has(id))
    .map((id) => presence.get(id) ?? { userId: id, status: "offline" as const, lastSeenAt: lastSeen.get(id) ?? null });
}
