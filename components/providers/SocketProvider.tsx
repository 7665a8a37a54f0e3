"use client";

import type { ReactNode } from "react";
import { SocketContext } from "@/lib/client/socketContext";
import { selectUser } from "@/redux/features/auth/authSlice";
import { useAppSelector } from "@/redux/hooks";
import { usePresenceReporter } from "@/hooks/usePresenceReporter";
import { useSignedInSocket } from "@/hooks/useSignedInSocket";
import { useSocketLifecycle } from "@/hooks/useSocketLifecycle";

/**
 * Shares the tab's one socket. It exists only for a signed-in user (null otherwise): socket.io-client
 * is loaded when someone signs in (a visitor never downloads it), and the connection follows auth:
 * connect once the user is known, disconnect on logout.
 */
export function SocketProvider({ children }: { children: ReactNode }) {
  const userId = useAppSelector(selectUser)?.id ?? null;
  // During SSR and hydration no user is known yet, so the server never creates a socket.
  const socket = useSignedInSocket(userId);
  useSocketLifecycle(userId, socket);
  usePresenceReporter(socket);
  return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;
}
