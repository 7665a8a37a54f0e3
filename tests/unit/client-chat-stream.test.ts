import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConversationDto, MessageDto } from "@/contracts/dto";
import { sessionReceived } from "@/redux/features/auth/authSlice";
import { chatApi } from "@/redux/features/chat/chatApi";
import { makeStore } from "@/redux/store";

/**
 * The chat caches on a real store, with a fake socket (the one thing mocked) and a scripted REST
 * server whose answers the test releases: pushes that race the first fetch, and resyncs.
 */
const socket = await vi.hoisted(async () => {
  const { EventEmitter } = await import("node:events");
  class FakeSocket extends EventEmitter {
    connected = true;
    recovered = false;
    sent: [string, unknown][] = [];
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
vi.mock("@/lib/client/socket", () => ({ getSocket: () => socket, getAdminSocket: () => socket, setTokenReader: () => undefined }));

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

describe("chat caches and the socket", () => {
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
});
