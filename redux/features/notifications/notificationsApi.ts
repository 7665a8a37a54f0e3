/* eslint-disable @typescript-eslint/no-invalid-void-type -- `void` is RTK Query's idiom for "takes no argument" */
import type { NotificationDto } from "@/contracts/dto";
import type { NotificationResponse, ReadAllResponse } from "@/contracts/rest";
import { getSocket } from "@/lib/client/socket";
import { api } from "../../api";
import { pushBuffer } from "../../pushBuffer";
import { applyPushed, applyRead, type NotificationsList } from "./notificationsCache";
import { notificationArrived } from "./notificationsSlice";

export const notificationsApi = api.injectEndpoints({
  endpoints: (build) => ({
    getNotifications: build.query<NotificationsList, void>({
      query: () => "/notifications",
      providesTags: ["Notifications"],
      /** Socket pushes go straight into this cache: merged by id, so never twice. */
      async onCacheEntryAdded(_arg, lifecycle) {
        const { cacheDataLoaded, cacheEntryRemoved, dispatch } = lifecycle;
        const updateCachedData = lifecycle.updateCachedData.bind(lifecycle);
        const socket = getSocket();
        let seenConnect = socket.connected;
        const pushes = pushBuffer<NotificationDto>((pushed) => {
          let fresh: string[] = [];
          updateCachedData((draft) => {
            fresh = applyPushed(draft, pushed);
          });
          for (const id of fresh) dispatch(notificationArrived(id));
        });
        const onNew = (notification: NotificationDto) => {
          pushes.push(notification);
        };
        const onRead = ({ ids }: { ids: string[] | "all" }) => {
          updateCachedData((draft) => {
            applyRead(draft, ids);
          });
        };
        const onConnect = () => {
          // After a real reconnect (not a recovered session), resynchronise from the server (SPEC F9).
          if (seenConnect && !socket.recovered) dispatch(api.util.invalidateTags(["Notifications"]));
          seenConnect = true;
        };
        socket.on("newNotification", onNew);
        socket.on("notificationsRead", onRead);
        socket.on("connect", onConnect);
        await pushes.whileCached(cacheDataLoaded, cacheEntryRemoved);
        socket.off("newNotification", onNew);
        socket.off("notificationsRead", onRead);
        socket.off("connect", onConnect);
      },
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
  useMarkNotificationReadMutation,
  useMarkAllNotificationsReadMutation,
} = notificationsApi;
