import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConversationDto, MessageDto, PurchaseDto } from "@/contracts/dto";
import { sessionReceived } from "@/redux/features/auth/authSlice";
import { chatApi } from "@/redux/features/chat/chatApi";
import { notificationsApi } from "@/redux/features/notifications/notificationsApi";
import { purchasesApi } from "@/redux/features/purchases/purchasesApi";
import { makeStore } from "@/redux/store";
import { note } from "./support/notifications";

/**
 * The socket-fed caches (chat, notifications, the admin purchase feed) on a real store, with a fake socket (the one thing mocked) and a scripted REST
 * server whose answers the test releases: pushes that race the first fetch, and resyncs.
 */
const socket = await vi.hoisted(async () => {
  const { EventEmitter } = await import("node:events");
  class FakeSocket extends EventEmitter {
    connected = true;
    recovered = false;
    sent: [string, unknown][] = [];
    connects = 0;
    disconnects = 0;
    connect(): void {
      this.connects++;
    }
    disconnect(): void {
      this.disconnects++;
      this.connected = false;
    }
    /** Client-to-server emits are recorded, not delivered. */
    override emit(event: string, ...args: unknown[]): boolean {
      this.sent.push([event, args[0]]);
      return true;
    }
    /** A server push (or a socket.io-client reserved event such as "connect"). */
    push(event: string, payload?: unknown): void {
      super.emit(event, payload);
    }
  }
  return new FakeSocket();
});
/** The tab has its socket (someone signed in, socket.io-client loaded), or not yet: `whenSocket` then waits for `appear`. */
const tab = vi.hoisted(() => ({ hasSocket: true, appear: (): void => undefined }));
vi.mock("@/lib/client/socket", () => ({
  currentSocket: () => (tab.hasSocket ? socket : null),
  whenSocket: () =>
    tab.hasSocket
      ? Promise.resolve(socket)
      : new Promise((resolve) => {
          tab.appear = () => {
            tab.hasSocket = true;
            resolve(socket);
          };
        }),
  getAdminSocket: () => socket,
  setTokenReader: () => undefined,
}));

const me = { id: "u1", name: "Lena", email: "learner1@demo.test", role: "learner" } as const;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();
const message = (id: string, minute: number, senderId = "u2"): MessageDto => ({
  id,
  conversationId: "c1",
  senderId,
  clientId: `client-${id}`,
  content: `hello ${id}`,
  status: "sent",
  createdAt: at(minute),
});
const conversation = (lastMessage: MessageDto): ConversationDto => ({
  id: "c1",
  kind: "direct",
  participants: [],
  lastMessage,
  unreadCount: 0,
  updatedAt: lastMessage.createdAt,
});
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });

/** Answers GETs in order; each answer waits until the test releases it. */
function scriptedServer() {
  const requests: URL[] = [];
  const waiting: { url: URL; answer: (body: unknown) => void }[] = [];
  vi.stubGlobal("fetch", (input: Request) => {
    const url = new URL(input.url);
    requests.push(url);
    return new Promise<Response>((resolve) => waiting.push({ url, answer: (body) => { resolve(json(body)); } }));
  });
  return {
    requests,
    async answer(pathname: string, body: unknown) {
      await vi.waitFor(() => {
        expect(waiting.some((w) => w.url.pathname === pathname)).toBe(true);
      });
      const index = waiting.findIndex((w) => w.url.pathname === pathname);
      const [request] = waiting.splice(index, 1);
      request?.answer(body);
    },
  };
}

function newStore() {
  const store = makeStore();
  store.dispatch(sessionReceived({ accessToken: "token", user: me }));
  return store;
}

describe("socket-fed caches", () => {
  beforeEach(() => {
    const NodeRequest = Request;
    vi.stubGlobal("Request", class extends NodeRequest {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        super(typeof input === "string" ? new URL(input, "http://localhost").href : input, init);
      }
    });
    socket.removeAllListeners();
    socket.connected = true;
    socket.recovered = false;
    socket.sent = [];
    socket.connects = 0;
    socket.disconnects = 0;
    tab.hasSocket = true;
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("keeps a message pushed while the first page of the conversation is still loading", async () => {
    const server = scriptedServer();
    const store = newStore();
    const query = store.dispatch(chatApi.endpoints.getMessages.initiate("c1"));
    socket.push("newMessage", message("m2", 2));
    await server.answer("/api/conversations/c1/messages", { messages: [message("m1", 1)], nextCursor: null });
    await query;
    await vi.waitFor(() => {
      expect(chatApi.endpoints.getMessages.select("c1")(store.getState()).data?.messages.map((m) => m.id)).toEqual(["m1", "m2"]);
    });
    query.unsubscribe();
  });

  it("keeps a message pushed while the inbox is still loading", async () => {
    const server = scriptedServer();
    const store = newStore();
    const query = store.dispatch(chatApi.endpoints.getConversations.initiate());
    socket.push("newMessage", message("m2", 2));
    await server.answer("/api/conversations", { conversations: [conversation(message("m1", 1))] });
    await query;
    await vi.waitFor(() => {
      const [inbox] = chatApi.endpoints.getConversations.select()(store.getState()).data ?? [];
      expect(inbox?.lastMessage?.id).toBe("m2");
      expect(inbox?.unreadCount).toBe(1);
    });
    query.unsubscribe();
  });

  it("fetches what came after the newest message on a reconnect that lost the session, not on a recovered one", async () => {
    const server = scriptedServer();
    const store = newStore();
    const query = store.dispatch(chatApi.endpoints.getMessages.initiate("c1"));
    await server.answer("/api/conversations/c1/messages", { messages: [message("m1", 1)], nextCursor: null });
    await query;

    socket.recovered = true;
    socket.push("connect");
    await new Promise((r) => setTimeout(r, 20));
    expect(server.requests).toHaveLength(1);

    socket.recovered = false;
    socket.push("connect");
    await server.answer("/api/conversations/c1/messages", { messages: [message("m2", 2)], nextCursor: null });
    expect(server.requests[1]?.searchParams.get("after")).toBe("m1");
    await vi.waitFor(() => {
      expect(chatApi.endpoints.getMessages.select("c1")(store.getState()).data?.messages.map((m) => m.id)).toEqual(["m1", "m2"]);
    });
    // The page that filled the gap is confirmed as delivered, like a push would be.
    expect(socket.sent).toContainEqual(["messageDelivered", { messageIds: ["m2"] }]);
    query.unsubscribe();
  });



  it("notifications: a push during the first fetch counts once, a repeat never, a read push and a lost session resync", async () => {
    const server = scriptedServer();
    const store = newStore();
    const query = store.dispatch(notificationsApi.endpoints.getNotifications.initiate());
    socket.push("newNotification", note("n2", 2));
    await server.answer("/api/notifications", { notifications: [note("n1", 1)], unreadCount: 1 });
    await query;
    const list = () => notificationsApi.endpoints.getNotifications.select()(store.getState()).data;
    await vi.waitFor(() => {
      expect(list()?.notifications.map((n) => n.id)).toEqual(["n2", "n1"]);
    });
    expect(list()?.unreadCount).toBe(2);
    socket.push("newNotification", note("n2", 2));
    socket.push("newNotification", note("n1", 1));
    expect(list()?.unreadCount).toBe(2);
    // Only the push that was new is highlighted as fresh (and toasted by the UI).
    expect(store.getState().notificationsUi.freshIds).toEqual(["n2"]);
    socket.push("notificationsRead", { ids: ["n2"] });
    expect(list()?.unreadCount).toBe(1);

    socket.recovered = true;
    socket.push("connect");
    socket.recovered = false;
    socket.push("connect");
    await server.answer("/api/notifications", { notifications: [note("n3", 3), note("n1", 1)], unreadCount: 2 });
    await vi.waitFor(() => {
      expect(list()?.notifications.map((n) => n.id)).toEqual(["n3", "n1"]);
    });
    expect(server.requests).toHaveLength(2);
    query.unsubscribe();
  });

  it("an entry added before the tab has a socket listens once it exists, and resyncs on its first connect", async () => {
    tab.hasSocket = false;
    socket.connected = false;
    const server = scriptedServer();
    const store = newStore();
    const query = store.dispatch(notificationsApi.endpoints.getNotifications.initiate());
    await server.answer("/api/notifications", { notifications: [note("n1", 1)], unreadCount: 1 });
    await query;
    const list = () => notificationsApi.endpoints.getNotifications.select()(store.getState()).data;
    expect(socket.listenerCount("newNotification")).toBe(0);

    tab.appear();
    await vi.waitFor(() => {
      expect(socket.listenerCount("newNotification")).toBe(1);
    });
    // The new socket's first connect: whatever was sent before it is fetched.
    socket.connected = true;
    socket.push("connect");
    await server.answer("/api/notifications", { notifications: [note("n2", 2), note("n1", 1)], unreadCount: 2 });
    await vi.waitFor(() => {
      expect(list()?.notifications.map((n) => n.id)).toEqual(["n2", "n1"]);
    });
    socket.push("newNotification", note("n3", 3));
    expect(list()?.notifications.map((n) => n.id)).toEqual(["n3", "n2", "n1"]);
    query.unsubscribe();
  });

  it("admin purchase feed: opens the /admin socket once loaded, refetches on its first connect, merges pushes, closes on removal", async () => {
    const purchase = (id: string, minute: number) => ({ id, courseId: "k1", createdAt: at(minute), priceCents: 1000 }) as unknown as PurchaseDto;
    const server = scriptedServer();
    const store = newStore();
    socket.connected = false;
    const query = store.dispatch(purchasesApi.endpoints.getAdminPurchases.initiate());
    expect(socket.connects).toBe(0);
    await server.answer("/api/admin/purchases", { purchases: [purchase("p1", 1)] });
    await query;
    await vi.waitFor(() => {
      expect(socket.connects).toBe(1);
    });
    // A purchase made between the REST answer and the connect would be missed: the first connect refetches.
    socket.connected = true;
    socket.push("connect");
    await server.answer("/api/admin/purchases", { purchases: [purchase("p2", 2), purchase("p1", 1)] });
    const feed = () => purchasesApi.endpoints.getAdminPurchases.select()(store.getState()).data;
    await vi.waitFor(() => {
      expect(feed()?.map((p) => p.id)).toEqual(["p2", "p1"]);
    });
    socket.push("purchaseCreated", purchase("p3", 3));
    socket.push("purchaseCreated", purchase("p3", 3));
    expect(feed()?.map((p) => p.id)).toEqual(["p3", "p2", "p1"]);
    query.unsubscribe();
    store.dispatch(purchasesApi.util.resetApiState());
    await vi.waitFor(() => {
      expect(socket.disconnects).toBe(1);
    });
    expect(socket.listenerCount("purchaseCreated")).toBe(0);
  });
});
