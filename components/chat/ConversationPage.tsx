"use client";

import Link from "next/link";
import { useMemo } from "react";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { OnlineStatus } from "@/components/presence/OnlineStatus";
import { ChevronLeftIcon } from "@/components/ui/icons";
import { EmptyState, Spinner } from "@/components/ui/states";
import type { UserDto } from "@/contracts/dto";
import { useOnlineStatus } from "@/hooks/useOnlineStatus";
import { peerOf } from "@/lib/client/chatPeers";
import { initials } from "@/lib/client/format";
import { useGetConversationsQuery } from "@/redux/features/chat/chatApi";
import { ConversationPanel } from "./ConversationPanel";

/** `/messages/<id>`: one conversation, full height. */
export function ConversationPage({ conversationId }: { conversationId: string }) {
  return (
    <RequireAuth fallback={<div className="chat-page card chat-center"><Spinner /></div>}>
      {(user) => <Conversation user={user} conversationId={conversationId} />}
    </RequireAuth>
  );
}

function Conversation({ user, conversationId }: { user: UserDto; conversationId: string }) {
  const { data: list, isLoading } = useGetConversationsQuery();
  const conversation = list?.find((c) => c.id === conversationId);
  const peer = conversation ? peerOf(conversation, user) : null;
  const presence = useOnlineStatus(peer?.id ? [peer.id] : []);
  const target = useMemo(() => ({ conversationId }), [conversationId]);
  const names = useMemo(
    () => Object.fromEntries((conversation?.participants ?? []).map((p) => [p.id, p.name])),
    [conversation],
  );

  if (!isLoading && list && !conversation) {
    return (
      <EmptyState title="Conversation not found" message="It may not exist, or you are not part of it."
        action={<Link className="btn btn-secondary" href="/messages">Back to messages</Link>} />
    );
  }
  return (
    <section className="chat-page card" data-testid="chat-window" aria-label={`Conversation with ${peer?.name ?? "…"}`}>
      <header className="chat-header">
        <Link href="/messages" className="icon-btn" aria-label="Back to messages"><ChevronLeftIcon /></Link>
        <span className="avatar" aria-hidden="true">{initials(peer?.name ?? "?")}</span>
        <span className="chat-title">
          <h1 className="chat-title-name">{peer?.name ?? "Loading…"}</h1>
          {peer?.id && <OnlineStatus status={presence[peer.id]} withLabel />}
        </span>
      </header>
      {conversation && (
        <ConversationPanel key={conversationId} target={target} names={names} group={conversation.kind === "support"}
          peerName={conversation.kind === "support" ? undefined : peer?.name} />
      )}
      {!conversation && <div className="chat-scroll chat-center"><Spinner label="Loading the conversation" /></div>}
    </section>
  );
}
