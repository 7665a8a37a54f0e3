import { describe, expect, it } from "vitest";
import type { AuthResponse } from "@/contracts/dto";
import { restoreStarted, sessionCleared, sessionReceived } from "@/redux/features/auth/authSlice";
import {
  connected,
  connectFailed,
  connectionReset,
  disconnected,
  reconnecting,
} from "@/redux/features/connection/connectionSlice";
import { notificationArrived, panelClosed, panelToggled } from "@/redux/features/notifications/notificationsSlice";
import { makeStore } from "@/redux/store";

const session: AuthResponse = {
  accessToken: "token-1",
  user: { id: "u1", name: "Ada Lovelace", email: "ada@demo.test", role: "admin" },
};

describe("auth slice", () => {
  it("goes idle -> restoring -> authenticated -> anonymous", () => {
    const store = makeStore();
    expect(store.getState().auth.status).toBe("idle");
    store.dispatch(restoreStarted());
    expect(store.getState().auth.status).toBe("restoring");
    store.dispatch(sessionReceived(session));
    expect(store.getState().auth).toEqual({ user: session.user, accessToken: "token-1", status: "authenticated" });
    store.dispatch(sessionCleared());
    expect(store.getState().auth).toEqual({ user: null, accessToken: null, status: "anonymous" });
  });

  it("a refreshed token replaces the old one", () => {
    const store = makeStore();
    store.dispatch(sessionReceived(session));
    store.dispatch(sessionReceived({ ...session, accessToken: "token-2" }));
    expect(store.getState().auth.accessToken).toBe("token-2");
  });
});

describe("connection slice", () => {
  it("tracks connected, reconnecting and offline", () => {
    const store = makeStore();
    const status = () => store.getState().connection.status;
    expect(status()).toBe("idle");
    store.dispatch(reconnecting({ attempt: 0 }));
    expect(status()).toBe("reconnecting");
    store.dispatch(connected());
    expect(status()).toBe("connected");
    store.dispatch(disconnected({ willReconnect: true }));
    expect(status()).toBe("reconnecting");
    store.dispatch(disconnected({ willReconnect: false }));
    expect(status()).toBe("offline");
    store.dispatch(connectFailed({ message: "auth: token expired" }));
    expect(store.getState().connection.lastError).toBe("auth: token expired");
    store.dispatch(connected());
    expect(store.getState().connection.lastError).toBeNull();
    store.dispatch(connectionReset());
    expect(status()).toBe("idle");
  });
});

describe("notifications UI slice", () => {
  it("toggles the panel and remembers fresh ids once", () => {
    const store = makeStore();
    store.dispatch(panelToggled());
    expect(store.getState().notificationsUi.panelOpen).toBe(true);
    store.dispatch(panelClosed());
    expect(store.getState().notificationsUi.panelOpen).toBe(false);
    store.dispatch(notificationArrived("n1"));
    store.dispatch(notificationArrived("n1"));
    expect(store.getState().notificationsUi.freshIds).toEqual(["n1"]);
  });
});

describe("session listener", () => {
  it("drops cached responses when a signed-in session ends, not when a visitor stays anonymous", async () => {
    const { coursesApi } = await import("@/redux/features/courses/coursesApi");
    const store = makeStore();
    const seed = () =>
      store.dispatch(coursesApi.util.upsertQueryData("getMyCourses", undefined, []));
    await seed();
    store.dispatch(sessionCleared()); // idle -> anonymous: keep the cache
    expect(coursesApi.endpoints.getMyCourses.select()(store.getState()).data).toEqual([]);

    store.dispatch(sessionReceived(session));
    store.dispatch(sessionCleared()); // authenticated -> anonymous: reset
    expect(coursesApi.endpoints.getMyCourses.select()(store.getState()).data).toBeUndefined();
  });
});
