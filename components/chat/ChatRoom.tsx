"use client";

import { motion } from "framer-motion";
import Link from "next/link";
import { useMemo, useRef, useState, type KeyboardEvent } from "react";
import { OnlineStatus } from "@/components/presence/OnlineStatus";
import type { UserDto } from "@/contracts/dto";
import { useOnlineStatus } from "@/hooks/useOnlineStatus";
import { conversationWith, type ChatPeer } from "@/lib/client/chatPeers";
import { initials } from "@/lib/client/format";
import { useGetConversationsQuery } from "@/redux/features/chat/chatApi";
import { ConversationPanel } from "./ConversationPanel";

/**
 * The floating chat window (seed 002's ChatRoom): a conversation with one user, opened from a
 * page. Until the first message creates the conversation it writes to the user's id.
 */
export function ChatRoom({ me, peer, onClose, subtitle }: {
  me: UserDto;
  peer: ChatPeer & { id: string };
  onClose: () => void;
  /** Shown instead of the peer's presence (support is a team, not one person's status). */
  subtitle?: string;
}) {
  const [minimised, setMinimised] = useState(false);
  const [createdId, setCreatedId] = useState<string | null>(null);
  const { data: list, isLoading } = useGetConversationsQuery();
  const conversationId = (list ? conversationWith(list, peer.id)?.id : undefined) ?? createdId;
  const presence = useOnlineStatus(subtitle ? [] : [peer.id]);
  const target = useMemo(
    () => (conversationId ? { conversationId } : { recipientId: peer.id }),
    [conversationId, peer.id],
  );
  const names = useMemo(() => ({ [peer.id]: peer.name, [me.id]: me.name }), [peer, me]);
  const toggleButton = useRef<HTMLButtonElement>(null);
  // Escape minimises (focus stays on the window's header, so the user is not lost); the composer
  // gets focus when the window opens or is expanded again.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== "Escape" || minimised) return;
    event.stopPropagation();
    setMinimised(true);
    toggleButton.current?.focus();
  };

  return (
    <motion.section className="chat-room" data-testid="chat-window" data-minimised={minimised}
      aria-label={`Chat with ${peer.name}`} onKeyDown={onKeyDown} initial={{ opacity: 0, y: 24 }} animate={{ opacity: 1, y: 0 }}
      exit={{ opacity: 0, y: 24 }} transition={{ duration: 0.18, ease: "easeOut" }}>
      <header className="chat-header">
        <span className="avatar" aria-hidden="true">{initials(peer.name)}</span>
        <span className="chat-title">
          <strong>{peer.name}</strong>
          {subtitle ? <span className="presence"><span className="presence-label">{subtitle}</span></span> : <OnlineStatus status={presence[peer.id]} withLabel />}
        </span>
        {conversationId && (
          <Link href={`/messages/${conversationId}`} className="btn btn-ghost btn-sm chat-expand">Open</Link>
        )}
        <button ref={toggleButton} type="button" className="icon-btn" aria-label={minimised ? "Expand chat" : "Minimise chat"}
          aria-expanded={!minimised} onClick={() => { setMinimised((m) => !m); }}>
          <span aria-hidden="true" className="chat-min-glyph">{minimised ? "▴" : "–"}</span>
        </button>
        <button type="button" className="icon-btn" aria-label="Close chat" onClick={onClose}>
          <span aria-hidden="true" className="chat-min-glyph">×</span>
        </button>
      </header>
      {!minimised && !isLoading && (
        <ConversationPanel target={target} names={names} onConversation={setCreatedId} autoFocus
          peerName={subtitle ? undefined : peer.name} />
      )}
    </motion.section>
  );
}
