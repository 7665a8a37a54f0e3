"use client";

import { useEffect, useState } from "react";
import { loadSocket, type AppSocket } from "@/lib/client/socket";

/** A failed chunk load (the network is down) is tried again after this long. */
const RETRY_MS = 3000;

/**
 * The tab's socket while `userId` is set, else null. The first sign-in loads socket.io-client (its own
 * chunk, lib/client/socket.ts); until it has arrived this is null, as for a visitor.
 */
export function useSignedInSocket(userId: string | null): AppSocket | null {
  const [socket, setSocket] = useState<AppSocket | null>(null);

  useEffect(() => {
    if (!userId || socket) return undefined;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      loadSocket().then(
        (loaded) => {
          if (live) setSocket(loaded);
        },
        () => {
          if (live) timer = setTimeout(load, RETRY_MS);
        },
      );
    };
    load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [userId, socket]);

  return userId ? socket : null;
}
