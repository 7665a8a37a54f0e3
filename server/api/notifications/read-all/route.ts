import { json, withAuth } from "@/server/http/route";
import { emitEvents } from "@/server/realtime/broadcaster";
import { markAllNotificationsRead } from "@/server/services/notifications/mark-read";

/** 200 `{ updated }`; every tab of the user hears `notificationsRead { ids: "all" }`. */
export const PUT = withAuth(async ({ auth }) => {
  const { result, events } = await markAllNotificationsRead(auth);
  emitEvents(events);
  return json(result);
});
