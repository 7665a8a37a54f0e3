import { json, withAuth } from "@/server/http/route";
import { listConversations } from "@/server/services/chat/list-conversations";

/** 200 `{ conversations }`: the caller's, newest activity first, with lastMessage and unreadCount. */
export const GET = withAuth(async ({ auth }) => json(await listConversations(auth)));
