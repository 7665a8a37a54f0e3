"use client";

import { useCallback } from "react";
import { selectUser } from "@/redux/features/auth/authSlice";
import {
  useGetNotificationsQuery,
  useMarkAllNotificationsReadMutation,
  useMarkNotificationReadMutation,
} from "@/redux/features/notifications/notificationsApi";
import { bellCount } from "@/redux/features/notifications/notificationsCache";
import { useAppSelector } from "@/redux/hooks";

/**
 * The signed-in user's notifications. Live pushes reach the list through the RTK Query cache
 * (its socket listeners are registered once per cache entry, not per component).
 */
export function useNotifications() {
  const user = useAppSelector(selectUser);
  const query = useGetNotificationsQuery(undefined, { skip: !user });
  const [markReadMutation] = useMarkNotificationReadMutation();
  const [markAllMutation, markAllState] = useMarkAllNotificationsReadMutation();

  const markRead = useCallback(
    (id: string) => {
      void markReadMutation(id);
    },
    [markReadMutation],
  );
  const markAllRead = useCallback(() => {
    void markAllMutation();
  }, [markAllMutation]);

  return {
    notifications: query.data?.notifications ?? [],
    /** The bell's count: chat notices are left to the Messages badge (one count per message). */
    unreadCount: query.data ? bellCount(query.data) : 0,
    isLoading: query.isLoading,
    /** True once the list has loaded at least once (tests wait for it before reading the badge). */
    isReady: query.data !== undefined,
    isError: query.isError,
    retry: query.refetch,
    markRead,
    markAllRead,
    isMarkingAll: markAllState.isLoading,
  };
}
