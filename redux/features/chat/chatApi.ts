/* eslint-disable @typescript-eslint/no-invalid-void-type -- `void` is RTK Query's idiom for "takes no argument" */
import type { ConversationDto } from "@/contracts/dto";
import type { ConversationsResponse, MessagesPageResponse } from "@/contracts/rest";
import {
  applyMessageToConversations,
  applyStatus,
  mergeMessages,
  newestStoredId,
  type ChatMessage,
} from "@/lib/client/chatMerge";
import { currentSocket } from "@/lib/client/socket";
import { api } from "../../api";
import { socketLater } from "../../socketLater";
import { streamToCache } from "../../streamToCache";

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
        const { dispatch } = lifecycle;
        const socket = currentSocket() ?? (await socketLater(lifecycle));
        if (!socket) return;
        const me = () => (lifecycle.getState() as unknown as StateWithUser).auth.user?.id ?? "";
        const refetch = () => dispatch(api.util.invalidateTags(["Conversations"]));
        await streamToCache(lifecycle, socket, {
          pushes: {
            newMessage: {
              merge: (draft, message) => {
                applyMessageToConversations(draft, message, me());
              },
              then: (message, before) => {
                // Delivery receipts come from the recipient's client (server README, "Receipts").
                if (message.senderId !== me() && message.status === "sent") {
                  socket.emit("messageDelivered", { messageIds: [message.id] });
                }
                // A conversation this list does not hold yet: the server has it.
                if (!before.some((c) => c.id === message.conversationId)) refetch();
              },
            },
            // Another tab (or this one) read something: the server's unread counts are the truth.
            messageStatus: { filter: ({ status }) => status === "read", then: refetch },
          },
          resync: refetch,
        });
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
        const { cacheDataLoaded, dispatch } = lifecycle;
        const updateCachedData = lifecycle.updateCachedData.bind(lifecycle);
        const socket = currentSocket() ?? (await socketLater(lifecycle));
        if (!socket) return;
        const me = () => (lifecycle.getState() as unknown as StateWithUser).auth.user?.id ?? "";
        const ofThis = (payload: { conversationId: string }) => payload.conversationId === conversationId;
        const confirmDelivery = (messages: readonly ChatMessage[]) => {
          const ids = messages.filter((m) => m.senderId !== me() && m.status === "sent").map((m) => m.id);
          if (ids.length > 0) socket.emit("messageDelivered", { messageIds: ids.slice(-100) });
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
            updateCachedData((draft) => {
              draft.messages = mergeMessages(draft.messages, page.messages);
            });
            confirmDelivery(page.messages);
            after = page.nextCursor;
          }
        };
        void cacheDataLoaded.then(({ data }) => {
          confirmDelivery(data.messages);
        }, () => undefined);
        await streamToCache(lifecycle, socket, {
          pushes: {
            newMessage: {
              filter: ofThis,
              merge: (draft, message) => {
                draft.messages = mergeMessages(draft.messages, [message]);
              },
            },
            messageStatus: {
              filter: ofThis,
              merge: (draft, { messageIds, status }) => {
                applyStatus(draft.messages, messageIds, status);
              },
            },
          },
          resync,
        });
      },
    }),
  }),
});

export const { useGetConversationsQuery, useGetMessagesQuery } = chatApi;
