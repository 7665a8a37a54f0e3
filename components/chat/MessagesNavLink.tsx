"use client";

import Link from "next/link";
import { totalUnread } from "@/lib/client/chatMerge";
import { useGetConversationsQuery } from "@/redux/features/chat/chatApi";

/** Header "Messages" link with the total unread count; keeps the conversations cache (and its socket feed) alive. */
export function MessagesNavLink({ active }: { active: boolean }) {
  const { data } = useGetConversationsQuery();
  const unread = data ? totalUnread(data) : 0;
  return (
    <Link href="/messages" aria-current={active ? "page" : undefined} data-testid="messages-nav"
      className="messages-nav" data-state={data ? "ready" : "loading"} data-unread={unread}>
      Messages
      {unread > 0 && <span className="sr-only">, {unread} unread</span>}
      {unread > 0 && (
        <span className="chat-nav-badge" data-testid="chat-unread-badge" aria-hidden="true">{unread > 99 ? "99+" : unread}</span>
      )}
    </Link>
  );
}
