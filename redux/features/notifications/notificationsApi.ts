/* eslint-disable @typescript-eslint/no-invalid-void-type -- `void` is RTK Query's idiom for "takes no argument" */
import type { NotificationResponse, ReadAllResponse } from "@/contracts/rest";
import { currentSocket } from "@/lib/client/socket";
import { api } from "../../api";
import { socketLater } from "../../socketLater";
import { streamToCache } from "../../streamToCache";
import { applyPushed, applyRead, type NotificationsList } from "./notificationsCache";
import { notificationArrived } from "./notificationsSlice";

export const notificationsApi = api.injectEndpoints({
  endpoints: (build) => ({
    getNotifications: build.query<NotificationsList, void>({
      query: () => "/notifications",
      providesTags: ["Notifications"],
      /** Socket pushes go straight into this cache: merged by id, so never twice. */
      async onCacheEntryAdded(_arg, lifecycle) {
        const { dispatch } = lifecycle;
        const socket = currentSocket() ?? (await socketLater(lifecycle));
        if (!socket) return;
        await streamToCache(lifecycle, socket, {
          pushes: {
            newNotification: {
              merge: (draft, notification) => {
                applyPushed(draft, [notification]);
              },
              then: (notification, before) => {
                if (!before.notifications.some((n) => n.id === notification.id)) dispatch(notificationArrived(notification.id));
              },
            },
            notificationsRead: {
              merge: (draft, { ids }) => {
                applyRead(draft, ids);
              },
            },
          },
          // After a real reconnect (not a recovered session), resynchronise from the server (SPEC F9).
          resync: () => dispatch(api.util.invalidateTags(["Notifications"])),
        });
      },
    }),
    /** An older page for /notifications ("Load older"): `before` is the oldest createdAt held. */
    getNotificationsPage: build.query<NotificationsList, { before: string; limit: number }>({
      query: ({ before, limit }) => `/notifications?before=${encodeURIComponent(before)}&limit=${String(limit)}`,
      keepUnusedDataFor: 0,
    }),
    markNotificationRead: build.mutation<NotificationResponse, string>({
      query: (id) => ({ url: `/notifications/${encodeURIComponent(id)}`, method: "PUT" }),
      async onQueryStarted(id, { dispatch, queryFulfilled }) {
        const patch = dispatch(
          notificationsApi.util.updateQueryData("getNotifications", undefined, (draft) => {
            applyRead(draft, [id]);
          }),
        );
        await queryFulfilled.catch(() => {
          patch.undo();
        });
      },
    }),
    markAllNotificationsRead: build.mutation<ReadAllResponse, void>({
      query: () => ({ url: "/notifications/read-all", method: "PUT" }),
      async onQueryStarted(_arg, { dispatch, queryFulfilled }) {
        const patch = dispatch(
          notificationsApi.util.updateQueryData("getNotifications", undefined, (draft) => {
            applyRead(draft, "all");
          }),
        );
        await queryFulfilled.catch(() => {
          patch.undo();
        });
      },
    }),
  }),
});

export const {
  useGetNotificationsQuery,
  useLazyGetNotificationsPageQuery,
  useMarkNotificationReadMutation,
  useMarkAllNotificationsReadMutation,
} = notificationsApi;
