"use client";

import { useEffect } from "react";
import { refreshOutcome } from "@/lib/client/refreshSession";
import { restoreStarted, serverUnreachable, sessionCleared, sessionReceived } from "@/redux/features/auth/authSlice";
import { useAppDispatch, useAppStore } from "@/redux/hooks";

const RETRY_MS = [1000, 2000, 4000, 8000, 15000];

/**
 * On app load, trades the httpOnly refresh cookie for an access token (restores the session).
 * `mayHaveSession` false (the server saw no session hint cookie): a visitor, nothing to ask.
 * When the server cannot be reached the user is told so and the restore is retried, rather than
 * being sent to the login page as if signed out.
 */
export function AuthBootstrap({ mayHaveSession }: { mayHaveSession: boolean }) {
  const dispatch = useAppDispatch();
  const store = useAppStore();

  useEffect(() => {
    if (store.getState().auth.status !== "idle") return;
    if (!mayHaveSession) {
      dispatch(sessionCleared());
      return;
    }
    dispatch(restoreStarted());
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const pending = () => {
      const { status } = store.getState().auth;
      return status === "restoring" || status === "unreachable"; // else a login raced us
    };
    const restore = () => {
      // refreshOutcome is single-flight, so StrictMode's double effect costs one request.
      void refreshOutcome().then((outcome) => {
        if (!pending()) return;
        if (outcome.session) dispatch(sessionReceived(outcome.session));
        else if (!outcome.unreachable) dispatch(sessionCleared());
        else {
          dispatch(serverUnreachable());
          timer = setTimeout(restore, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
        }
      });
    };
    restore();
    return () => {
      clearTimeout(timer);
    };
  }, [dispatch, store, mayHaveSession]);

  return null;
}
