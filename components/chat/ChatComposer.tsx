"use client";

import { useState, type KeyboardEvent } from "react";
import { MAX_MESSAGE_LENGTH } from "@/contracts/limits";

const COUNTER_FROM = MAX_MESSAGE_LENGTH - 500;

/** Enter sends, Shift+Enter is a newline; a counter appears near the 4000 character limit. */
export function ChatComposer({ onSend, onTyping, disabled, autoFocus = false }: {
  onSend: (content: string) => void;
  onTyping: () => void;
  disabled?: boolean;
  /** The floating window puts focus here when it opens. */
  autoFocus?: boolean;
}) {
  const [text, setText] = useState("");
  const trimmed = text.trim();
  const canSend = !disabled && trimmed.length > 0 && text.length <= MAX_MESSAGE_LENGTH;

  const submit = () => {
    if (!canSend) return;
    onSend(trimmed);
    setText("");
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="chat-composer" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <textarea className="chat-input" data-testid="chat-input" aria-label="Message" placeholder="Write a message…"
        rows={1} autoFocus={autoFocus} maxLength={MAX_MESSAGE_LENGTH} value={text} disabled={disabled}
        onChange={(e) => { setText(e.target.value); if (e.target.value) onTyping(); }} onKeyDown={onKeyDown} />
      {text.length >= COUNTER_FROM && (
        <span className="chat-counter" data-over={text.length >= MAX_MESSAGE_LENGTH} aria-live="polite">
          {text.length}/{MAX_MESSAGE_LENGTH}
        </span>
      )}
      <button type="submit" className="btn btn-primary chat-send" data-testid="chat-send" disabled={!canSend}>
        Send
      </button>
    </form>
  );
}
