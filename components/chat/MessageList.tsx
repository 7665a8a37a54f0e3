"use client";

import { useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ChatMessage } from "@/lib/client/chatMerge";
import { chatRows, firstUnreadId } from "@/lib/client/chatLayout";
import { initials } from "@/lib/client/format";
import { Spinner } from "@/components/ui/states";
import { ChatBubble } from "./ChatBubble";

const NEAR_BOTTOM_PX = 80;
const NEAR_TOP_PX = 120;

/**
 * The scrolling history. It opens at the "New messages" line (or the bottom), sticks to the newest
 * message unless the user scrolled up to read, and loads older pages as the user scrolls up (or
 * until the history fills the box), keeping what was on screen in place. The region is
 * keyboard-focusable, so arrow keys scroll it (axe `scrollable-region-focusable`).
 */
export function MessageList({ messages, me, onRetry, hasEarlier, loadingEarlier, onLoadEarlier, typing, senders, peerName }: {
  messages: readonly ChatMessage[];
  me: string;
  onRetry: (clientId: string) => void;
  hasEarlier: boolean;
  loadingEarlier: boolean;
  onLoadEarlier: () => void;
  typing: string | null;
  /** Group (support) conversations: names by user id, shown at the start of each run. */
  senders?: Record<string, string>;
  /** Who the conversation is with, for the "beginning of your conversation" header. */
  peerName?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const opened = useRef(false);
  const heightBeforePrepend = useRef<number | null>(null);
  // Frozen when the conversation opens: reading it must not make the line jump away.
  const [unreadId] = useState(() => firstUnreadId(messages, me));
  const rows = useMemo(() => chatRows(messages, me, unreadId), [messages, me, unreadId]);
  const first = messages[0];
  const last = messages[messages.length - 1];
  const lastKey = last ? `${last.clientId}:${String(messages.length)}` : "";

  // Opening: at the "New messages" line if there is one, else at the bottom.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || opened.current || messages.length === 0) return;
    opened.current = true;
    const line = el.querySelector<HTMLElement>("[data-testid=chat-unread-line]");
    if (line) {
      el.scrollTop = Math.max(0, line.offsetTop - el.offsetTop - 8);
      stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    } else {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages.length]);

  // Older messages were put on top: keep the ones the reader was looking at where they were.
  useLayoutEffect(() => {
    const el = box.current;
    const before = heightBeforePrepend.current;
    if (!el || before === null) return;
    heightBeforePrepend.current = null;
    el.scrollTop += el.scrollHeight - before;
  }, [first?.id]);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !opened.current) return;
    // Our own new message always scrolls into view; others only while the user is at the bottom.
    if (stick.current || last?.senderId === me) el.scrollTop = el.scrollHeight;
  }, [lastKey, last?.senderId, me, typing]);

  const loadEarlier = () => {
    if (!hasEarlier || loadingEarlier) return;
    heightBeforePrepend.current = box.current?.scrollHeight ?? null;
    onLoadEarlier();
  };

  // Too little history to scroll: fetch older pages until the box is full or the start is reached.
  useLayoutEffect(() => {
    const el = box.current;
    if (el && hasEarlier && !loadingEarlier && el.scrollHeight <= el.clientHeight) loadEarlier();
  });

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (el.scrollTop < NEAR_TOP_PX) loadEarlier();
  };

  return (
    <div className="chat-scroll" ref={box} onScroll={onScroll} tabIndex={0} role="log" aria-label="Message history"
      data-testid="chat-scroll">
      {hasEarlier ? (
        <div className="chat-earlier">
          <button type="button" className="btn btn-ghost btn-sm" onClick={loadEarlier} disabled={loadingEarlier}>
            {loadingEarlier ? <Spinner label="Loading earlier messages" /> : "Load earlier"}
          </button>
        </div>
      ) : peerName && (
        <div className="chat-intro" data-testid="chat-intro">
          <span className="avatar avatar-lg" aria-hidden="true">{initials(peerName)}</span>
          <strong>{peerName}</strong>
          <span>{messages.length === 0 ? "No messages yet. Say hello!" : `This is the beginning of your conversation with ${peerName}.`}</span>
        </div>
      )}
      {!peerName && messages.length === 0 && <p className="chat-empty">No messages yet. Say hello!</p>}
      <ol className="chat-messages" aria-label="Messages">
        {rows.map((row) => {
          if (row.kind === "day") {
            return <li key={row.key} className="chat-divider" data-testid="chat-day"><span>{row.label}</span></li>;
          }
          if (row.kind === "unread") {
            return <li key={row.key} className="chat-divider chat-unread-line" data-testid="chat-unread-line"><span>New messages</span></li>;
          }
          const sender = senders && !row.own ? (senders[row.message.senderId] ?? "Support") : undefined;
          return (
            <ChatBubble key={row.key} message={row.message} own={row.own} onRetry={onRetry}
              runStart={row.runStart} runEnd={row.runEnd} sender={sender} />
          );
        })}
      </ol>
      <p className="typing-indicator" data-testid="typing-indicator" aria-live="polite" hidden={!typing}>
        {typing ? `${typing} is typing…` : ""}
      </p>
    </div>
  );
}
