import { json, withAuth } from "@/server/http/route";
import { queryOf } from "@/server/http/body";
import { conversationMessages, conversationMessagesInput } from "@/server/services/chat/history";
import { parseInput } from "@/server/validation";

/** 200 `{ messages, nextCursor }` (query: before | after, limit); not a member: 404. */
export const GET = withAuth<{ id: string }>(async ({ req, params, auth }) => {
  return json(await conversationMessages(parseInput(conversationMessagesInput, { ...queryOf(req), conversationId: params.id }), auth));
});
