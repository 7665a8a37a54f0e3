"use client";

import { useCallback } from "react";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useChatConversation, type ChatTarget } from "@/hooks/useChatConversation";
import { useChatTyping } from "@/hooks/useChatTyping";
import { ChatComposer } from "./ChatComposer";
import { MessageList } from "./MessageList";

/** History + composer of one conversation; the page and the floating window add their own header. */
export function ConversationPanel({ target, names, onConversation }: {
  target: ChatTarget;
  /** Display names by user id (for "X is typing…"). */
  names: Record<string, string>;
  onConversation?: (id: string) => void;
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

  return (
    <div className="chat-panel">
      {chat.isLoading ? (
        <div className="chat-scroll chat-center"><Spinner label="Loading messages" /></div>
      ) : chat.isError ? (
        <div className="chat-scroll"><ErrorState title="Couldn't load messages" onRetry={() => void chat.retryLoad()} /></div>
      ) : (
        <MessageList messages={chat.messages} me={chat.me} onRetry={chat.retry} hasEarlier={chat.hasEarlier}
          loadingEarlier={chat.loadingEarlier} onLoadEarlier={() => void chat.loadEarlier()} typing={typing} />
      )}
      <ChatComposer onSend={onSend} onTyping={notifyTyping} />
    </div>
  );
}
