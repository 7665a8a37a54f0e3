"use client";

import { useEffect, useState } from "react";
import type { PresenceStatus, UserStatusDto } from "@/contracts/dto";
import { onEveryConnect } from "@/lib/client/onEveryConnect";
import { useSocket } from "@/lib/client/socketContext";

/**
 * Presence of the given users (SPEC F6): asked once with `getUsersStatus` (and again after a
 * reconnect), then kept live by `userStatusUpdate`. Unknown users read as offline.
 */
export function useOnlineStatus(userIds: readonly string[]): Record<string, PresenceStatus> {
  const socket = useSocket();
  const [statuses, setStatuses] = useState<Record<string, PresenceStatus>>({});
  const key = [...new Set(userIds)].sort().join(",");

  useEffect(() => {
    if (!socket || key === "") return;
    const ids = key.split(",");
    const wanted = new Set(ids);
    let active = true;
    const apply = (list: readonly UserStatusDto[]) => {
      if (!active) return;
      setStatuses((prev) => {
        const next = { ...prev };
        for (const s of list) if (wanted.has(s.userId)) next[s.userId] = s.status;
        return next;
      });
    };
    const ask = () => {
      socket.emit("getUsersStatus", ids, (response) => {
        if (response.ok) apply(response.data);
      });
    };
    const onUpdate = (status: UserStatusDto) => { apply([status]); };
    socket.on("userStatusUpdate", onUpdate);
    const stopAsking = onEveryConnect(socket, ask);
    return () => {
      active = false;
      socket.off("userStatusUpdate", onUpdate);
      stopAsking();
    };
  }, [socket, key]);

  return statuses;
}
