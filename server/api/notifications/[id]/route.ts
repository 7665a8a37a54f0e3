import { json, withAuth } from "@/server/http/route";
import { emitEvents } from "@/server/realtime/broadcaster";
import { markNotificationRead, markNotificationReadInput } from "@/server/services/notifications/mark-read";
import { parseInput } from "@/server/validation";

/** Marks one of the caller's notifications read: 200 `{ notification }`; someone else's: 404. */
export const PUT = withAuth<{ id: string }>(async ({ params, auth }) => {
  const { result, events } = await markNotificationRead(parseInput(markNotificationReadInput, { notificationId: params.id }), auth);
  emitEvents(events);
  return json({ notification: result });
});
