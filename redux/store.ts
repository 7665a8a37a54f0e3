import { combineSlices, configureStore } from "@reduxjs/toolkit";
import { api } from "./api";
import { authSlice } from "./features/auth/authSlice";
import { connectionSlice } from "./features/connection/connectionSlice";
import { notificationsSlice } from "./features/notifications/notificationsSlice";
import { sessionListener } from "./sessionListener";

const rootReducer = combineSlices(api, authSlice, connectionSlice, notificationsSlice);

export type RootState = ReturnType<typeof rootReducer>;

/** One store per request on the server and one per tab in the browser (RTK's Next.js pattern). */
export function makeStore(preloadedState?: Partial<RootState>) {
  return configureStore({
    reducer: rootReducer,
    preloadedState,
    middleware: (getDefault) => getDefault().prepend(sessionListener.middleware).concat(api.middleware),
  });
}

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore["dispatch"];
