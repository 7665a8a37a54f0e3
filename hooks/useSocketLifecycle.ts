"use client";

import { useEffect } from "react";
import { isRenewableConnectError, renewSocketSession } from "@/lib/client/renewSocketSession";
import { setTokenReader, type AppSocket } from "@/lib/client/socket";
import { sessionCleared, sessionReceived } from "@/redux/features/auth/authSlice";
import {
  connected,
  connectFailed,
  connectionReset,
  disconnected,
  reconnecting,
  wentOffline,
} from "@/redux/features/connection/connectionSlice";
import { useAppDispatch, useAppStore } from "@/redux/hooks";
import type { ServerToClientEvents } from "@/contracts/socket";

/** A fresh token that is refused again is not retried in a loop. */
const MAX_RENEWALS = 2;
const SERVER_RESTART_RETRY_MS = 1500;

/**
 * Connects the shared socket while `userId` is set and mirrors its state into the connection
 * slice; `socket` is null while socket.io-client is still loading (the pill says "Reconnecting…").
 * Each listener added here is removed by the cleanup (StrictMode mounts twice).
 */
export function useSocketLifecycle(userId: string | null, socket: AppSocket | null): void {
  const dispatch = useAppDispatch();
  const store = useAppStore();

  useEffect(() => {
    if (!userId) {
      dispatch(connectionReset());
      return;
    }
    if (!socket) {
      dispatch(reconnecting({ attempt: 0 }));
      return;
    }
    setTokenReader(() => store.getState().auth.accessToken);
    let renewals = 0;
    let restartTimer: ReturnType<typeof setTimeout> | undefined;
    const renew = () => {
      if (renewals++ >= MAX_RENEWALS) {
        dispatch(wentOffline());
        return;
      }
      void renewSocketSession(socket, {
        onSession: (session) => dispatch(sessionReceived(session)),
        onNoSession: () => dispatch(sessionCleared()),
      });
    };

    const onConnect = () => {
      renewals = 0;
      dispatch(connected());
    };
    const onDisconnect = () => dispatch(disconnected({ willReconnect: socket.active }));
    const onAttempt = (attempt: number) => dispatch(reconnecting({ attempt }));
    const onConnectError = (error: Error) => {
      dispatch(connectFailed({ message: error.message }));
      if (isRenewableConnectError(error.message)) renew();
      else if (!socket.active) dispatch(wentOffline());
    };
    const onSessionEnded: ServerToClientEvents["sessionEnded"] = ({ reason }) => {
      if (reason === "token_expired") renew();
      else if (reason === "logged_out") dispatch(sessionCleared());
      else {
        // A restarting server closes sockets on purpose, which disables auto-reconnect: ask again.
        dispatch(reconnecting({ attempt: 0 }));
        restartTimer = setTimeout(() => socket.connect(), SERVER_RESTART_RETRY_MS);
      }
    };
    const onBrowserOffline = () => dispatch(wentOffline());
    const onBrowserOnline = () => {
      if (socket.connected) dispatch(connected());
      else socket.connect();
    };

    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onConnectError);
    socket.on("sessionEnded", onSessionEnded);
    socket.io.on("reconnect_attempt", onAttempt);
    window.addEventListener("offline", onBrowserOffline);
    window.addEventListener("online", onBrowserOnline);
    dispatch(reconnecting({ attempt: 0 }));
    socket.connect();

    return () => {
      clearTimeout(restartTimer);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onConnectError);
      socket.off("sessionEnded", onSessionEnded);
      socket.io.off("reconnect_attempt", onAttempt);
      window.removeEventListener("offline", onBrowserOffline);
      window.removeEventListener("online", onBrowserOnline);
      socket.disconnect();
    };
  }, [userId, socket, dispatch, store]);
}
