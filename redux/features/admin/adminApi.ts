/* eslint-disable @typescript-eslint/no-invalid-void-type -- `void` is RTK Query's idiom for "takes no argument" */
import type { UserStatusDto } from "@/contracts/dto";
import type { AdminMetricsResponse, OnlineUsersResponse } from "@/contracts/metrics";
import { currentSocket } from "@/lib/client/socket";
import { api } from "../../api";
import { socketLater } from "../../socketLater";
import { streamToCache } from "../../streamToCache";
import { addFetched, applyStatus, onlineUsersById, type OnlineUsers } from "./onlineUsersCache";

/** The users' rows for some ids (newcomers), or everyone online when `ids` is null. */
const onlineFetchApi = api.injectEndpoints({
  endpoints: (build) => ({
    fetchOnlineUsers: build.query<OnlineUsersResponse, string[] | null>({
      query: (ids) => (ids ? `/admin/online-users?ids=${ids.map(encodeURIComponent).join(",")}` : "/admin/online-users"),
      keepUnusedDataFor: 0,
    }),
  }),
});

/** Newcomers' names are asked for together, once this long after the first one shows up. */
const NEWCOMER_BATCH_MS = 250;

export const adminApi = onlineFetchApi.injectEndpoints({
  endpoints: (build) => ({
    /** The figures and the last 15 minutes; the live points come from the /admin socket (hooks/useLiveMetrics.ts). */
    getAdminMetrics: build.query<AdminMetricsResponse, void>({
      query: () => "/admin/metrics",
      keepUnusedDataFor: 0,
    }),
    /**
     * Who is online (SPEC F10), kept live by `userStatusUpdate` on the main socket (admins receive
     * everyone's): offline removes, a change updates, a newcomer's name and role are fetched in a batch.
     */
    getOnlineUsers: build.query<OnlineUsers, void>({
      query: () => "/admin/online-users",
      transformResponse: (r: OnlineUsersResponse) => onlineUsersById(r.users),
      keepUnusedDataFor: 5,
      async onCacheEntryAdded(_arg, lifecycle) {
        const { dispatch } = lifecycle;
        const socket = currentSocket() ?? (await socketLater(lifecycle));
        if (!socket) return;
        const latest = new Map<string, UserStatusDto["status"]>();
        const wanted = new Set<string>();
        const batch = { timer: null as ReturnType<typeof setTimeout> | null };
        let gone = false;
        const fetchRows = async (ids: string[] | null) => {
          const res = await dispatch(onlineFetchApi.endpoints.fetchOnlineUsers.initiate(ids, { subscribe: false, forceRefetch: true }));
          return gone ? undefined : res.data?.users;
        };
        const fetchNewcomers = async () => {
          batch.timer = null;
          const ids = [...wanted].slice(0, 500);
          for (const id of ids) wanted.delete(id);
          if (wanted.size > 0) batch.timer = setTimeout(() => void fetchNewcomers(), NEWCOMER_BATCH_MS);
          const users = await fetchRows(ids);
          if (users) lifecycle.updateCachedData((draft) => { addFetched(draft, users, latest); });
        };
        await streamToCache(lifecycle, socket, {
          pushes: {
            userStatusUpdate: {
              merge: (draft, status) => {
                latest.set(status.userId, status.status);
                const newcomer = applyStatus(draft, status);
                if (!newcomer) return;
                wanted.add(newcomer);
                batch.timer ??= setTimeout(() => void fetchNewcomers(), NEWCOMER_BATCH_MS);
              },
            },
          },
          // A session the server did not recover may have missed arrivals and departures: load it all again.
          resync: async () => {
            latest.clear();
            const users = await fetchRows(null);
            if (users) lifecycle.updateCachedData(() => onlineUsersById(users));
          },
        });
        gone = true;
        if (batch.timer) clearTimeout(batch.timer);
      },
    }),
  }),
});

export const { useGetAdminMetricsQuery, useGetOnlineUsersQuery } = adminApi;
