"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useSocket } from "@/lib/client/socketContext";

const THROTTLE_MS = 1000;
const IDLE_MS = 3000;
const STALE_MS = 5000;

/**
 * Typing indicator for one conversation: `notifyTyping()` on every keystroke emits at most about
 * once a second, and `isTyping:false` after 3 s idle or on `stopTyping()`; the other side's
 * indicator clears itself 5 s after its last update.
 */
export function useChatTyping(conversationId: string | null) {
  const socket = useSocket();
  const [typists, setTypists] = useState<string[]>([]);
  const lastSent = useRef(0);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!socket || !conversationId) return;
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const drop = (userId: string) => {
      clearTimeout(timers.get(userId));
      timers.delete(userId);
      setTypists((list) => list.filter((id) => id !== userId));
    };
    const onTyping = ({ conversationId: id, userId, isTyping }: { conversationId: string; userId: string; isTyping: boolean }) => {
      if (id !== conversationId) return;
      if (!isTyping) { drop(userId); return; }
      clearTimeout(timers.get(userId));
      timers.set(userId, setTimeout(() => { drop(userId); }, STALE_MS));
      setTypists((list) => (list.includes(userId) ? list : [...list, userId]));
    };
    socket.on("typing", onTyping);
    return () => {
      socket.off("typing", onTyping);
      for (const timer of timers.values()) clearTimeout(timer);
      setTypists([]);
    };
  }, [socket, conversationId]);

  const stopTyping = useCallback(() => {
    clearTimeout(idleTimer.current);
    if (!socket || !conversationId || lastSent.current === 0) return;
    lastSent.current = 0;
    socket.emit("typing", { conversationId, isTyping: false });
  }, [socket, conversationId]);

  const notifyTyping = useCallback(() => {
    if (!socket || !conversationId) return;
    const now = Date.now();
    if (now - lastSent.current >= THROTTLE_MS) {
      lastSent.current = now;
      socket.emit("typing", { conversationId, isTyping: true });
    }
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(stopTyping, IDLE_MS);
  }, [socket, conversationId, stopTyping]);

  useEffect(() => () => { clearTimeout(idleTimer.current); }, []);

  return { typists, notifyTyping, stopTyping };
}
