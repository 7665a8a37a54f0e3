"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import type { MessageDto } from "@/contracts/dto";
import { onEveryConnect } from "@/lib/client/onEveryConnect";
import { useSocket } from "@/lib/client/socketContext";
import { mergeMessages, unreadFrom, type ChatMessage } from "@/lib/client/chatMerge";
import { selectUser } from "@/redux/features/auth/authSlice";
import { chatApi, useGetMessagesQuery } from "@/redux/features/chat/chatApi";
import { useAppDispatch, useAppSelector } from "@/redux/hooks";

const ACK_TIMEOUT_MS = 10_000;

/** Where a message goes: an existing conversation, or a user (the first message creates it). */
export type ChatTarget = { conversationId: string } | { recipientId: string };

/**
 * One open conversation: history (RTK Query cache, socket-fed), an optimistic outbox, join/leave
 * so the server does not notify while it is open, and read receipts while the window has focus.
 */
export function useChatConversation(target: ChatTarget, onConversation?: (id: string) => void) {
  const socket = useSocket();
  const dispatch = useAppDispatch();
  const me = useAppSelector(selectUser)?.id ?? "";
  const conversationId = "conversationId" in target ? target.conversationId : null;
  const query = useGetMessagesQuery(conversationId ?? "", { skip: !conversationId });
  const [outbox, setOutbox] = useState<ChatMessage[]>([]);
  const [loadingEarlier, setLoadingEarlier] = useState(false);

  const messages = useMemo(() => mergeMessages(query.data?.messages ?? [], outbox), [query.data, outbox]);

  useEffect(() => {
    if (!socket || !conversationId) return;
    const stopJoining = onEveryConnect(socket, () => {
      socket.emit("joinConversation", { conversationId });
    });
    return () => {
      stopJoining();
      socket.emit("leaveConversation", { conversationId });
    };
  }, [socket, conversationId]);

  const unread = unreadFrom(messages, me).length;
  useEffect(() => {
    if (!socket || !conversationId || unread === 0) return;
    const read = () => {
      if (document.visibilityState === "visible" && document.hasFocus()) socket.emit("markAsRead", { conversationId });
    };
    read();
    window.addEventListener("focus", read);
    document.addEventListener("visibilitychange", read);
    return () => {
      window.removeEventListener("focus", read);
      document.removeEventListener("visibilitychange", read);
    };
  }, [socket, conversationId, unread]);

  const deliver = useCallback((clientId: string, content: string) => {
    if (!socket) return;
    const setStatus = (next: ChatMessage) => {
      setOutbox((box) => box.map((m) => (m.clientId === clientId ? next : m)));
    };
    const payload = { ...target, content, clientId };
    socket.timeout(ACK_TIMEOUT_MS).emit("message", payload, (error: Error | null, response) => {
      const failed = () => {
        setOutbox((box) => box.map((m) => (m.clientId === clientId ? { ...m, status: "failed" } : m)));
      };
      if (error || !response.ok) { failed(); return; }
      const stored: MessageDto = response.data;
      setStatus(stored);
      dispatch(chatApi.util.updateQueryData("getMessages", stored.conversationId, (draft) => {
        draft.messages = mergeMessages(draft.messages, [stored]);
      }));
      onConversation?.(stored.conversationId);
    });
  }, [socket, target, dispatch, onConversation]);

  const send = useCallback((content: string) => {
    const clientId = crypto.randomUUID();
    const optimistic: ChatMessage = {
      id: `local:${clientId}`, clientId, conversationId: conversationId ?? "", senderId: me,
      content, status: "pending", createdAt: new Date().toISOString(),
    };
    setOutbox((box) => [...box, optimistic]);
    deliver(clientId, content);
  }, [conversationId, me, deliver]);

  /** Re-sends with the same clientId: the server answers the stored message if it had it. */
  const retry = useCallback((clientId: string) => {
    const message = outbox.find((m) => m.clientId === clientId);
    if (!message) return;
    setOutbox((box) => box.map((m) => (m.clientId === clientId ? { ...m, status: "pending" } : m)));
    deliver(clientId, message.content);
  }, [outbox, deliver]);

  const before = query.data?.nextCursor ?? null;
  const loadEarlier = useCallback(async () => {
    if (!conversationId || !before) return;
    setLoadingEarlier(true);
    const request = dispatch(chatApi.endpoints.getMessagesPage.initiate({ conversationId, before }, { subscribe: false }));
    const page = await request.unwrap().catch(() => null);
    setLoadingEarlier(false);
    if (!page) return;
    dispatch(chatApi.util.updateQueryData("getMessages", conversationId, (draft) => {
      draft.messages = mergeMessages(draft.messages, page.messages);
      draft.nextCursor = page.nextCursor;
    }));
  }, [conversationId, before, dispatch]);

  return {
    me,
    messages,
    isLoading: Boolean(conversationId) && query.isLoading,
    isError: query.isError,
    retryLoad: query.refetch,
    hasEarlier: before !== null,
    loadingEarlier,
    loadEarlier,
    send,
    retry,
  };
}
