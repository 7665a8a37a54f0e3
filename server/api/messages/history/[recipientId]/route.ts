import { json, withAuth } from "@/server/http/route";
import { queryOf } from "@/server/http/body";
import { historyWith, historyWithInput } from "@/server/services/chat/history";
import { parseInput } from "@/server/validation";

/** 200 `{ messages, nextCursor }` of the caller's conversation with that user; may not talk to them: 404. */
export const GET = withAuth<{ recipientId: string }>(async ({ req, params, auth }) => {
  return json(await historyWith(parseInput(historyWithInput, { ...queryOf(req), recipientId: params.recipientId }), auth));
});
