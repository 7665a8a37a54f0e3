"use client";

import Link from "next/link";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { OnlineStatus } from "@/components/presence/OnlineStatus";
import { EmptyState, ErrorState } from "@/components/ui/states";
import type { UserDto } from "@/contracts/dto";
import { useOnlineStatus } from "@/hooks/useOnlineStatus";
import { peerOf, previewOf } from "@/lib/client/chatPeers";
import { formatRelative, initials } from "@/lib/client/format";
import { selectUser } from "@/redux/features/auth/authSlice";
import { useGetConversationsQuery } from "@/redux/features/chat/chatApi";
import { useAppSelector } from "@/redux/hooks";
import { ContactSupportButton } from "./ContactSupportButton";

const skeleton = (
  <div className="inbox card" aria-busy="true" aria-label="Loading conversations">
    {[0, 1, 2].map((i) => <div key={i} className="skeleton inbox-skeleton" />)}
  </div>
);

/** Learners and instructors can open a support chat; admins answer those from the list. */
function SupportEntry() {
  const user = useAppSelector(selectUser);
  return user && user.role !== "admin" ? <ContactSupportButton me={user} /> : null;
}

/** `/messages`: conversations, newest activity first, with unread badges and presence. */
export function InboxPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Messages</h1>
          <p>Chats with your instructors, learners and support.</p>
        </div>
        <SupportEntry />
      </div>
      <RequireAuth fallback={skeleton}>{(user) => <Inbox user={user} />}</RequireAuth>
    </>
  );
}

function Inbox({ user }: { user: UserDto }) {
  const { data: conversations, isLoading, isError, refetch } = useGetConversationsQuery();
  const list = conversations ?? [];
  const peers = list.map((c) => peerOf(c, user));
  const presence = useOnlineStatus(peers.flatMap((p) => (p.id ? [p.id] : [])));

  if (isLoading) return skeleton;
  if (isError) return <ErrorState title="Couldn't load your messages" onRetry={() => void refetch()} />;
  if (list.length === 0) {
    return (
      <EmptyState title="No conversations yet"
        message="Open a course you own and use “Message instructor” to start one."
        action={<Link className="btn btn-secondary" href="/my-courses">My courses</Link>} />
    );
  }
  return (
    <ul className="inbox card" aria-label="Conversations">
      {list.map((c, i) => {
        const peer = peers[i] ?? { id: null, name: "" };
        return (
          <li key={c.id}>
            <Link href={`/messages/${c.id}`} className="inbox-item" data-testid="conversation-item"
              data-unread={c.unreadCount}>
              <span className="inbox-avatar">
                <span className="avatar" aria-hidden="true">{initials(peer.name)}</span>
                {peer.id && <OnlineStatus status={presence[peer.id]} />}
              </span>
              <span className="inbox-main">
                <span className="inbox-top">
                  <strong className="inbox-name">{peer.name}</strong>
                  <time className="inbox-time" dateTime={c.updatedAt}>{formatRelative(c.updatedAt)}</time>
                </span>
                <span className="inbox-bottom">
                  <span className="inbox-preview">{previewOf(c, user.id)}</span>
                  {c.unreadCount > 0 && (
                    <span className="inbox-badge">
                      {c.unreadCount > 99 ? "99+" : c.unreadCount}<span className="sr-only"> unread</span>
                    </span>
                  )}
                </span>
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
