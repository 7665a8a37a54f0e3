import { z } from "zod";
import type { Actor } from "../../auth/actor";
import { sendAnnouncement } from "../../services/notifications/announce";
import { emitEvents } from "../emit";
import { onEvent } from "../on-event";
import type { AppSocket } from "../types";

export const actorOf = (socket: AppSocket): Actor => ({
  userId: socket.data.userId,
  role: socket.data.role,
  name: socket.data.name,
});

/** `notification`: admin announcements (SPEC F4). Validation happens in the service, after the role check. */
export function registerNotificationHandlers(socket: AppSocket): void {
  onEvent(socket, "notification", { schema: z.unknown(), rate: [5, 0.5] }, async (payload) => {
    const { result, events } = await sendAnnouncement(payload, actorOf(socket));
    emitEvents(events);
    return result;
  });
}
