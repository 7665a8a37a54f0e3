"use client";

import { useCallback, useEffect, useState } from "react";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useChatConversation, type ChatTarget } from "@/hooks/useChatConversation";
import { useChatTyping } from "@/hooks/useChatTyping";
import { showConversation } from "@/lib/client/chatOnScreen";
import { selectConnectionStatus } from "@/redux/features/connection/connectionSlice";
import { useAppSelector } from "@/redux/hooks";
import { ChatComposer } from "./ChatComposer";
import { MessageList } from "./MessageList";

/** History + composer of one conversation; the page and the floating window add their own header. */
export function ConversationPanel({ target, names, onConversation, group = false, peerName, autoFocus = false }: {
  target: ChatTarget;
  /** Display names by user id (for "X is typing…" and, in group conversations, each run's sender). */
  names: Record<string, string>;
  onConversation?: (id: string) => void;
  /** A support conversation: several people may answer, so each run shows who wrote it. */
  group?: boolean;
  peerName?: string;
  autoFocus?: boolean;
}) {
  const chat = useChatConversation(target, onConversation);
  const conversationId = "conversationId" in target ? target.conversationId : null;
  const { typists, notifyTyping, stopTyping } = useChatTyping(conversationId);
  const { send } = chat;
  const onSend = useCallback((content: string) => {
    stopTyping();
    send(content);
  }, [send, stopTyping]);
  const first = typists[0];
  const typing = first === undefined ? null : (names[first] ?? "Someone");
  useEffect(() => (conversationId ? showConversation(conversationId) : undefined), [conversationId]);

  return (
    <div className="chat-panel">
      <ReconnectBanner />
      {chat.isLoading ? (
        <div className="chat-scroll chat-center"><Spinner label="Loading messages" /></div>
      ) : chat.isError ? (
        <div className="chat-scroll"><ErrorState title="Couldn't load messages" onRetry={() => void chat.retryLoad()} /></div>
      ) : (
        <MessageList key={conversationId ?? "new"} messages={chat.messages} me={chat.me} onRetry={chat.retry}
          hasEarlier={chat.hasEarlier} loadingEarlier={chat.loadingEarlier} onLoadEarlier={() => void chat.loadEarlier()}
          typing={typing} senders={group ? names : undefined} peerName={peerName} />
      )}
      <ChatComposer onSend={onSend} onTyping={notifyTyping} autoFocus={autoFocus} />
    </div>
  );
}

const BANNER_AFTER_MS = 1500;

/**
 * While the socket is down the composer still queues; this says so (Slack and Mattermost do).
 * Shown after a moment, so the first connect of a page load does not flash it.
 */
function ReconnectBanner() {
  const status = useAppSelector(selectConnectionStatus);
  const down = status === "reconnecting" || status === "offline";
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!down) return;
    const timer = setTimeout(() => { setShown(true); }, BANNER_AFTER_MS);
    return () => {
      clearTimeout(timer);
      setShown(false);
    };
  }, [down]);
  if (!down || !shown) return null;
  return (
    <p className="chat-banner" role="status" data-testid="chat-reconnecting">
      <span className="spinner" aria-hidden="true" />
      Reconnecting… messages you send will go out when we are back.
    </p>
  );
}
