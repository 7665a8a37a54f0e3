import { createListenerMiddleware } from "@reduxjs/toolkit";
import { api } from "./api";
import { sessionCleared } from "./features/auth/authSlice";

/**
 * When a signed-in session ends (logout, refresh refused, server said so), drop every cached
 * response: the next user must never see the previous one's notifications or purchases.
 * Mounted queries refetch on their own after the reset.
 */
export const sessionListener = createListenerMiddleware();

sessionListener.startListening({
  actionCreator: sessionCleared,
  effect: (_action, listenerApi) => {
    const before = listenerApi.getOriginalState() as { auth: { status: string } };
    if (before.auth.status === "authenticated") listenerApi.dispatch(api.util.resetApiState());
  },
});
