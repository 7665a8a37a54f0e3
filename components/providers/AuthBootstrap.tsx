"use client";

import { useEffect } from "react";
import { refreshSession } from "@/lib/client/refreshSession";
import { restoreStarted, sessionCleared, sessionReceived } from "@/redux/features/auth/authSlice";
import { useAppDispatch, useAppStore } from "@/redux/hooks";

/** On app load, trades the httpOnly refresh cookie for an access token (restores the session). */
export function AuthBootstrap() {
  const dispatch = useAppDispatch();
  const store = useAppStore();

  useEffect(() => {
    if (store.getState().auth.status !== "idle") return;
    dispatch(restoreStarted());
    // refreshSession is single-flight, so StrictMode's double effect costs one request.
    void refreshSession().then((session) => {
      if (store.getState().auth.status !== "restoring") return; // a login raced us
      dispatch(session ? sessionReceived(session) : sessionCleared());
    });
  }, [dispatch, store]);

  return null;
}
