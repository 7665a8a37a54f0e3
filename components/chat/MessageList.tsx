"use client";

import { useLayoutEffect, useRef } from "react";
import type { ChatMessage } from "@/lib/client/chatMerge";
import { Spinner } from "@/components/ui/states";
import { ChatBubble } from "./ChatBubble";

const NEAR_BOTTOM_PX = 80;

/** The scrolling history: sticks to the newest message unless the user scrolled up to read. */
export function MessageList({ messages, me, onRetry, hasEarlier, loadingEarlier, onLoadEarlier, typing }: {
  messages: readonly ChatMessage[];
  me: string;
  onRetry: (clientId: string) => void;
  hasEarlier: boolean;
  loadingEarlier: boolean;
  onLoadEarlier: () => void;
  typing: string | null;
}) {
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const last = messages[messages.length - 1];
  const lastKey = last ? `${last.clientId}:${String(messages.length)}` : "";

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    // Our own new message always scrolls into view; others only while the user is at the bottom.
    if (stick.current || last?.senderId === me) el.scrollTop = el.scrollHeight;
  }, [lastKey, last?.senderId, me, typing]);

  const onScroll = () => {
    const el = box.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
  };

  return (
    <div className="chat-scroll" ref={box} onScroll={onScroll}>
      {hasEarlier && (
        <div className="chat-earlier">
          <button type="button" className="btn btn-ghost btn-sm" onClick={onLoadEarlier} disabled={loadingEarlier}>
            {loadingEarlier ? <Spinner label="Loading earlier messages" /> : "Load earlier"}
          </button>
        </div>
      )}
      {messages.length === 0 && <p className="chat-empty">No messages yet. Say hello!</p>}
      <ol className="chat-messages" aria-label="Messages">
        {messages.map((m) => (
          <ChatBubble key={`${m.senderId}:${m.clientId}`} message={m} own={m.senderId === me} onRetry={onRetry} />
        ))}
      </ol>
      <p className="typing-indicator" data-testid="typing-indicator" aria-live="polite" hidden={!typing}>
        {typing ? `${typing} is typing…` : ""}
      </p>
    </div>
  );
}
