import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

/** What the header pill shows (SPEC F9). `idle` means no one is signed in, so no socket. */
export type ConnectionStatus = "idle" | "connected" | "reconnecting" | "offline";

export interface ConnectionState {
  status: ConnectionStatus;
  /** Why the last attempt failed, shown as the pill's tooltip. */
  lastError: string | null;
  reconnectAttempt: number;
}

const initialState: ConnectionState = { status: "idle", lastError: null, reconnectAttempt: 0 };

export const connectionSlice = createSlice({
  name: "connection",
  initialState,
  reducers: {
    connected(state) {
      state.status = "connected";
      state.lastError = null;
      state.reconnectAttempt = 0;
    },
    reconnecting(state, action: PayloadAction<{ attempt: number }>) {
      state.status = "reconnecting";
      state.reconnectAttempt = action.payload.attempt;
    },
    connectFailed(state, action: PayloadAction<{ message: string }>) {
      state.status = state.status === "connected" || state.status === "idle" ? "reconnecting" : state.status;
      state.lastError = action.payload.message;
    },
    disconnected(state, action: PayloadAction<{ willReconnect: boolean }>) {
      state.status = action.payload.willReconnect ? "reconnecting" : "offline";
    },
    wentOffline(state) {
      state.status = "offline";
    },
    reset() {
      return initialState;
    },
  },
  selectors: {
    selectConnectionStatus: (state) => state.status,
    selectConnectionError: (state) => state.lastError,
  },
});

export const { connected, reconnecting, connectFailed, disconnected, wentOffline, reset: connectionReset } =
  connectionSlice.actions;
export const { selectConnectionStatus, selectConnectionError } = connectionSlice.selectors;
