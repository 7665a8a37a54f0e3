import { json, withAuth } from "@/server/http/route";
import { queryOf } from "@/server/http/body";
import { listNotifications, listNotificationsInput } from "@/server/services/notifications/list";
import { parseInput } from "@/server/validation";

/** 200 `{ notifications, unreadCount }`; query: scope=mine|all (admins), since, before (ISO), limit. */
export const GET = withAuth(async ({ req, auth }) => {
  return json(await listNotifications(parseInput(listNotificationsInput, queryOf(req)), auth));
});
