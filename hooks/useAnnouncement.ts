"use client";

import { useCallback, useState } from "react";
import type { Ack } from "@/contracts/ack";
import type { AnnouncementPayload } from "@/contracts/schemas";
import { useSocket } from "@/lib/client/socketContext";

export type AnnouncementState =
  | { phase: "idle" }
  | { phase: "sending" }
  | { phase: "sent"; delivered: number }
  | { phase: "failed"; message: string };

const ACK_TIMEOUT_MS = 10_000;

/** Emits an admin announcement (`notification`) and tracks its acknowledgement. */
export function useAnnouncement() {
  const socket = useSocket();
  const [state, setState] = useState<AnnouncementState>({ phase: "idle" });

  const send = useCallback(
    (payload: AnnouncementPayload) => {
      if (!socket?.connected) {
        setState({ phase: "failed", message: "Not connected to the live server. Wait for “Connected” and retry." });
        return;
      }
      setState({ phase: "sending" });
      socket.timeout(ACK_TIMEOUT_MS).emit("notification", payload, (err: Error | null, ack: Ack<{ delivered: number }>) => {
        if (err) setState({ phase: "failed", message: "The server didn't answer in time. Try again." });
        else if (ack.ok) setState({ phase: "sent", delivered: ack.data.delivered });
        else setState({ phase: "failed", message: ack.error.message });
      });
    },
    [socket],
  );

  return { state, send };
}
