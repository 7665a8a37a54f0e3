import { json, withAuth } from "@/server/http/route";
import { historyWith } from "@/server/services/chat/history";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** 200 `{ messages, nextCursor }` of the caller's conversation with that user; may not talk to them: 404. */
export const GET = withAuth<{ recipientId: string }>(async ({ req, params, auth }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  return json(await historyWith(params.recipientId, query, auth));
});
