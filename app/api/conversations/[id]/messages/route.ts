import { json, withAuth } from "@/server/http/route";
import { conversationMessages } from "@/server/services/chat/history";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** 200 `{ messages, nextCursor }` (query: before | after, limit); not a member: 404. */
export const GET = withAuth<{ id: string }>(async ({ req, params, auth }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  return json(await conversationMessages(params.id, query, auth));
});
