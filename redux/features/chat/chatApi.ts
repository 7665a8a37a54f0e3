/* eslint-disable @typescript-eslint/no-invalid-void-type -- `void` is RTK Query's idiom for "takes no argument" */
import type { ConversationDto, MessageDto } from "@/contracts/dto";
import type { ConversationsResponse, MessagesPageResponse } from "@/contracts/rest";
import { getSocket } from "@/lib/client/socket";
import {
  applyMessageToConversations,
  applyStatus,
  mergeMessages,
  newestStoredId,
  type ChatMessage,
} from "@/lib/client/chatMerge";
import { api } from "../../api";

export interface MessagesPage {
  messages: ChatMessage[];
  /** `before` cursor for "Load earlier", null when the start of the conversation is held. */
  nextCursor: string | null;
}
export interface PageArgs {
  conversationId: string;
  before?: string;
  after?: string;
}
interface StateWithUser {
  auth: { user: { id: string } | null };
}

const pageUrl = ({ conversationId, before, after }: PageArgs) => {
  const params = new URLSearchParams({ limit: "30" });
  if (before) params.set("before", before);
  if (after) params.set("after", after);
  return `/conversations/${encodeURIComponent(conversationId)}/messages?${params.toString()}`;
};

export const chatApi = api.injectEndpoints({
  endpoints: (build) => ({
    getConversations: build.query<ConversationDto[], void>({
      query: () => "/conversations",
      transformResponse: (response: ConversationsResponse) => response.conversations,
      providesTags: ["Conversations"],
      /** Keeps the inbox live; this entry lives as long as the header shows the Messages badge. */
      async onCacheEntryAdded(_arg, lifecycle) {
        const { cacheDataLoaded, cacheEntryRemoved, dispatch } = lifecycle;
        const updateCachedData = lifecycle.updateCachedData.bind(lifecycle);
        const socket = getSocket();
        const me = () => (lifecycle.getState() as unknown as StateWithUser).auth.user?.id ?? "";
        let seenConnect = socket.connected;
        const refetch = () => dispatch(api.util.invalidateTags(["Conversations"]));
        const onMessage = (message: MessageDto) => {
          // Delivery receipts come from the recipient's client (server README, "Receipts").
          if (message.senderId !== me() && message.status === "sent") {
            socket.emit("messageDelivered", { messageIds: [message.id] });
          }
          const result = { known: true };
          updateCachedData((draft) => {
            result.known = applyMessageToConversations(draft, message, me());
          });
          if (!result.known) refetch();
        };
        // Another tab (or this one) read something: the server's unread counts are the truth.
        const onStatus = ({ status }: { status: string }) => {
          if (status === "read") refetch();
        };
        const onConnect = () => {
          if (seenConnect && !socket.recovered) refetch();
          seenConnect = true;
        };
        socket.on("newMessage", onMessage);
        socket.on("messageStatus", onStatus);
        socket.on("connect", onConnect);
        await cacheDataLoaded.catch(() => undefined);
        await cacheEntryRemoved;
        socket.off("newMessage", onMessage);
        socket.off("messageStatus", onStatus);
        socket.off("connect", onConnect);
      },
    }),
    /** One page, for "Load earlier" and resyncs; merged into `getMessages` by the caller. */
    getMessagesPage: build.query<MessagesPageResponse, PageArgs>({
      query: pageUrl,
      keepUnusedDataFor: 0,
    }),
    getMessages: build.query<MessagesPage, string>({
      query: (conversationId) => pageUrl({ conversationId }),
      providesTags: (_r, _e, id) => [{ type: "Messages", id }],
      async onCacheEntryAdded(conversationId, lifecycle) {
        const { cacheDataLoaded, cacheEntryRemoved, dispatch } = lifecycle;
        const updateCachedData = lifecycle.updateCachedData.bind(lifecycle);
        const socket = getSocket();
        const me = () => (lifecycle.getState() as unknown as StateWithUser).auth.user?.id ?? "";
        const merge = (incoming: ChatMessage[]) => {
          updateCachedData((draft) => {
            draft.messages = mergeMessages(draft.messages, incoming);
          });
        };
        const confirmDelivery = (messages: readonly ChatMessage[]) => {
          const ids = messages.filter((m) => m.senderId !== me() && m.status === "sent").map((m) => m.id);
          if (ids.length > 0) socket.emit("messageDelivered", { messageIds: ids.slice(-100) });
        };
        const onMessage = (message: MessageDto) => {
          if (message.conversationId === conversationId) merge([message]);
        };
        const onStatus: Parameters<typeof socket.on<"messageStatus">>[1] = (payload) => {
          if (payload.conversationId !== conversationId) return;
          updateCachedData((draft) => {
            applyStatus(draft.messages, payload.messageIds, payload.status);
          });
        };
        // F9: a reconnect that lost the session fetches what came after the newest message held.
        const resync = async () => {
          let after = newestStoredId(lifecycle.getCacheEntry().data?.messages ?? []);
          if (!after) {
            dispatch(api.util.invalidateTags([{ type: "Messages", id: conversationId }]));
            return;
          }
          for (let pages = 0; after && pages < 20; pages++) {
            const request: { unwrap: () => Promise<MessagesPageResponse> } = dispatch(
              chatApi.endpoints.getMessagesPage.initiate({ conversationId, after }, { subscribe: false, forceRefetch: true }),
            );
            const page: MessagesPageResponse | null = await request.unwrap().catch(() => null);
            if (!page) return;
            merge(page.messages);
            confirmDelivery(page.messages);
            after = page.nextCursor;
          }
        };
        let seenConnect = socket.connected;
        const onConnect = () => {
          if (seenConnect && !socket.recovered) void resync();
          seenConnect = true;
        };
        socket.on("newMessage", onMessage);
        socket.on("messageStatus", onStatus);
        socket.on("connect", onConnect);
        const loaded = await cacheDataLoaded.catch(() => null);
        if (loaded) confirmDelivery(loaded.data.messages);
        await cacheEntryRemoved;
        socket.off("newMessage", onMessage);
        socket.off("messageStatus", onStatus);
        socket.off("connect", onConnect);
      },
    }),
  }),
});

export const { useGetConversationsQuery, useGetMessagesQuery } = chatApi;
