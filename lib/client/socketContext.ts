"use client";

import { createContext, useContext } from "react";
import type { AppSocket } from "./socket";

/**
 * The tab's one socket, shared through React: `components/providers/SocketProvider.tsx` provides it
 * (null while no one is signed in) and hooks read it with `useSocket()`. It lives here, below hooks
 * and components, so a hook never imports from `components/`.
 */
export const SocketContext = createContext<AppSocket | null>(null);

/** The shared socket, or null when no one is signed in. */
export function useSocket(): AppSocket | null {
  return useContext(SocketContext);
}
