"use client";

import { useEffect, useState } from "react";
import { onEveryConnect } from "@/lib/client/onEveryConnect";
import { useSocket } from "@/lib/client/socketContext";

/**
 * Announces that this tab watches `videoId` and follows "N watching now" (SPEC F7).
 * The server counts a user once however many tabs they have; leaving the page, closing the tab
 * or disconnecting counts down. After a reconnect that was not recovered, the tab announces again.
 */
export function useViewerCount(videoId: string | null): number | null {
  const socket = useSocket();
  const [state, setState] = useState<{ videoId: string; count: number } | null>(null);

  useEffect(() => {
    if (!socket || !videoId) return undefined;
    const onCount = (p: { videoId: string; count: number }) => {
      if (p.videoId === videoId) setState({ videoId, count: p.count });
    };
    const announce = () => {
      socket.emit("watchingVideo", { videoId }, (res) => {
        if (res.ok) setState({ videoId, count: res.data.count });
      });
    };
    socket.on("viewerCount", onCount);
    const stopAnnouncing = onEveryConnect(socket, announce);
    return () => {
      socket.off("viewerCount", onCount);
      stopAnnouncing();
      socket.emit("leaveVideo", { videoId });
    };
  }, [socket, videoId]);

  return state && state.videoId === videoId ? state.count : null;
}
