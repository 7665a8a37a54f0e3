import { Types } from "mongoose";
import type { UserStatusDto } from "@/contracts/dto";
import { getUsersStatusPayload, userStatusPayload } from "@/contracts/schemas";
import { User } from "@/models/User";
import { visibleTo } from "../../services/presence/visibility";
import { defineEvent } from "../on-event";
import { emitSnapshot } from "../snapshot-emit";
import type { PresenceRegistry } from "../presence";

/**
 * `userStatus` (this tab active or not) and `getUsersStatus` (only users the caller may see). A socket
 * counts as an active tab from its connection (create-io.ts) until it disconnects.
 */
export const presenceEvents = {
  userStatus: defineEvent({
    schema: userStatusPayload,
    rate: [10, 2],
    handle(active, { socket, state }) {
      state.presence.setActive(socket.data.userId, socket.id, active);
      return null;
    },
  }),
  getUsersStatus: defineEvent({
    schema: getUsersStatusPayload,
    rate: [10, 1],
    async handle(ids, { socket, actor, state, io }) {
      const visible = await visibleTo(actor, [...new Set(ids)]);
      const statuses = await statusesOf(visible, state.presence);
      for (const s of statuses) emitSnapshot(io, socket.id, "userStatusUpdate", s);
      return statuses;
    },
  }),
};

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
