import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

/** UI state of the notification center; the list itself lives in the RTK Query cache. */
export interface NotificationsUiState {
  panelOpen: boolean;
  /** Ids that arrived live during this session, so the panel can highlight them. */
  freshIds: string[];
}

const initialState: NotificationsUiState = { panelOpen: false, freshIds: [] };
const MAX_FRESH = 50;

export const notificationsSlice = createSlice({
  name: "notificationsUi",
  initialState,
  reducers: {
    panelToggled(state) {
      state.panelOpen = !state.panelOpen;
    },
    panelClosed(state) {
      state.panelOpen = false;
    },
    notificationArrived(state, action: PayloadAction<string>) {
      if (!state.freshIds.includes(action.payload)) {
        state.freshIds = [action.payload, ...state.freshIds].slice(0, MAX_FRESH);
      }
    },
  },
  selectors: {
    selectPanelOpen: (state) => state.panelOpen,
    selectFreshIds: (state) => state.freshIds,
  },
});

export const { panelToggled, panelClosed, notificationArrived } = notificationsSlice.actions;
export const { selectPanelOpen, selectFreshIds } = notificationsSlice.selectors;
