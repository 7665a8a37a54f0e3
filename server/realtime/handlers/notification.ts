import { z } from "zod";
import { sendAnnouncement } from "../../services/notifications/announce";
import { defineEvent } from "../on-event";

/** `notification`: admin announcements (SPEC F4). Validation happens in the service, after the role check. */
export const notificationEvents = {
  notification: defineEvent({
    schema: z.unknown(),
    rate: [5, 0.5],
    async handle(payload, { actor, realtime }) {
      const { result, events } = await sendAnnouncement(payload, actor);
      realtime.emit(events);
      return result;
    },
  }),
};
