import { json, withAuth } from "@/server/http/route";
import { listNotifications } from "@/server/services/notifications/list";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** 200 `{ notifications, unreadCount }`; query: scope=mine|all (admins), since, before (ISO), limit. */
export const GET = withAuth(async ({ req, auth }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  return json(await listNotifications(query, auth));
});
