import { announcementPayload } from "@/contracts/schemas";
import { sendAnnouncement } from "../../services/notifications/announce";
import { defineEvent, type ClientEventTable } from "../on-event";

/** `notification`: admin announcements (SPEC F4; admins only, checked by the service). */
export const notificationEvents = {
  notification: defineEvent({
    schema: announcementPayload,
    rate: [5, 0.5],
    async handle(payload, { actor, realtime }) {
      const { result, events } = await sendAnnouncement(payload, actor);
      realtime.emit(events);
      return result;
    },
  }),
} satisfies Partial<ClientEventTable>;
