import { getUsersStatusPayload, userStatusPayload } from "@/contracts/schemas";
import { statusesOf } from "../../services/presence/statuses";
import { visibleTo } from "../../services/presence/visibility";
import { defineEvent, type ClientEventTable } from "../on-event";

/**
 * `userStatus` (this tab active or not) and `getUsersStatus` (only users the caller may see). A
 * connection counts as an active tab from its start (create-io.ts) until it ends.
 */
export const presenceEvents = {
  userStatus: defineEvent({
    schema: userStatusPayload,
    rate: [10, 2],
    handle(active, { conn, actor, state }) {
      state.presence.setActive(actor.userId, conn.id, active);
      return null;
    },
  }),
  getUsersStatus: defineEvent({
    schema: getUsersStatusPayload,
    rate: [10, 1],
    async handle(ids, { conn, actor, state }) {
      const visible = await visibleTo(actor, [...new Set(ids)]);
      const statuses = await statusesOf(visible, (id) => state.presence.get(id));
      for (const s of statuses) conn.send("userStatusUpdate", s, "snapshot");
      return statuses;
    },
  }),
} satisfies Partial<ClientEventTable>;
