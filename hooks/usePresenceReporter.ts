"use client";

import { useEffect } from "react";
import { onEveryConnect } from "@/lib/client/onEveryConnect";
import type { AppSocket } from "@/lib/client/socket";

/** No input for this long makes a visible tab idle ("away" once every tab of the user is). */
const IDLE_MS = 2 * 60_000;
/** Activity events (mouse moves, keys) re-arm the idle timer at most this often. */
const ACTIVITY_THROTTLE_MS = 5_000;
const ACTIVITY_EVENTS = ["pointermove", "pointerdown", "keydown", "scroll", "focus"] as const;

/**
 * Tells the server whether this tab is active (SPEC F6, `userStatus`): hidden or idle tabs report
 * false, and the server shows the user "away" once all of their tabs are. The server counts a
 * freshly connected socket as active, so after a (re)connect only an inactive tab speaks up.
 */
export function usePresenceReporter(socket: AppSocket | null): void {
  useEffect(() => {
    if (!socket) return undefined;
    let active = document.visibilityState === "visible";
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    let lastActivity = 0;

    const report = (next: boolean) => {
      if (next === active) return;
      active = next;
      if (socket.connected) socket.emit("userStatus", next);
    };
    const armIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        report(false);
      }, IDLE_MS);
    };
    const onActivity = () => {
      const now = Date.now();
      if (active && now - lastActivity < ACTIVITY_THROTTLE_MS) return;
      lastActivity = now;
      if (document.visibilityState !== "visible") return;
      report(true);
      armIdle();
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") onActivity();
      else {
        clearTimeout(idleTimer);
        report(false);
      }
    };
    const onConnect = () => {
      if (!active) socket.emit("userStatus", false);
    };

    armIdle();
    document.addEventListener("visibilitychange", onVisibility);
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true });
    const stopReporting = onEveryConnect(socket, onConnect);
    return () => {
      clearTimeout(idleTimer);
      document.removeEventListener("visibilitychange", onVisibility);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity);
      stopReporting();
    };
  }, [socket]);
}
