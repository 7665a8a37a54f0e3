import { createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { AuthResponse, UserDto } from "@/contracts/dto";

/**
 * idle: not asked yet; restoring: the refresh cookie is being tried on app load; unreachable: that
 * try got no answer (network down, server restarting) and is being retried, so we cannot say
 * "please log in" yet.
 */
export type AuthStatus = "idle" | "restoring" | "unreachable" | "authenticated" | "anonymous";

export interface AuthState {
  user: UserDto | null;
  accessToken: string | null;
  status: AuthStatus;
}

const initialState: AuthState = { user: null, accessToken: null, status: "idle" };

/**
 * A visitor's state from the first render on (the server saw no session hint cookie, so no session
 * can be restored): the server renders the visitor's view and hydration keeps it, with no skeleton
 * that a later "anonymous" would swap out (a layout shift).
 */
export const visitorAuthState: AuthState = { user: null, accessToken: null, status: "anonymous" };

export const authSlice = createSlice({
  name: "auth",
  initialState,
  reducers: {
    restoreStarted(state) {
      if (state.status === "idle") state.status = "restoring";
    },
    /** The restore got no answer; AuthBootstrap tries again. */
    serverUnreachable(state) {
      if (state.status === "restoring" || state.status === "unreachable") state.status = "unreachable";
    },
    /** Login, register and every token refresh land here. */
    sessionReceived(state, action: PayloadAction<AuthResponse>) {
      state.user = action.payload.user;
      state.accessToken = action.payload.accessToken;
      state.status = "authenticated";
    },
    /** Logout, a failed refresh, or no session on app load. */
    sessionCleared(state) {
      state.user = null;
      state.accessToken = null;
      state.status = "anonymous";
    },
  },
  selectors: {
    selectUser: (state) => state.user,
    selectAccessToken: (state) => state.accessToken,
    selectAuthStatus: (state) => state.status,
    selectIsAuthKnown: (state) => state.status === "authenticated" || state.status === "anonymous",
  },
});

export const { restoreStarted, serverUnreachable, sessionReceived, sessionCleared } = authSlice.actions;
export const { selectUser, selectAccessToken, selectAuthStatus, selectIsAuthKnown } = authSlice.selectors;
