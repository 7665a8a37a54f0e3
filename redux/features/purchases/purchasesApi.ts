/* eslint-disable @typescript-eslint/no-invalid-void-type -- `void` is RTK Query's idiom for "takes no argument" */
import type { PurchaseDto } from "@/contracts/dto";
import type { AdminPurchasesResponse, PurchaseResponse } from "@/contracts/rest";
import { isRenewableConnectError, renewSocketSession } from "@/lib/client/renewSocketSession";
import { holdAdminSocket } from "@/lib/client/adminSocket";
import { currentSocket, getAdminSocket } from "@/lib/client/socket";
import { api } from "../../api";
import { socketLater } from "../../socketLater";
import { streamToCache } from "../../streamToCache";
import { sessionCleared, sessionReceived } from "../auth/authSlice";
import { coursesApi } from "../courses/coursesApi";
import { mergePurchases } from "./purchasesCache";

export const purchasesApi = api.injectEndpoints({
  endpoints: (build) => ({
    purchaseCourse: build.mutation<PurchaseResponse, string>({
      query: (courseId) => ({ url: `/courses/${encodeURIComponent(courseId)}/purchase`, method: "POST" }),
      invalidatesTags: ["MyCourses"],
      async onQueryStarted(courseId, { dispatch, queryFulfilled }) {
        const ok = await queryFulfilled.then(() => true, () => false);
        if (!ok) return;
        dispatch(
          coursesApi.util.updateQueryData("getCourse", courseId, (draft) => {
            draft.owned = true;
          }),
        );
        // The lessons' signed video URLs come with the course: fetch it again as a buyer.
        dispatch(api.util.invalidateTags([{ type: "Course", id: courseId }]));
      },
    }),
    /** Admin dashboard: the REST list, kept live by `purchaseCreated` on the /admin namespace. */
    getAdminPurchases: build.query<PurchaseDto[], void>({
      query: () => "/admin/purchases",
      transformResponse: (response: AdminPurchasesResponse) => mergePurchases([], response.purchases),
      providesTags: ["Purchases"],
      keepUnusedDataFor: 5,
      async onCacheEntryAdded(_arg, lifecycle) {
        const { cacheDataLoaded, dispatch } = lifecycle;
        // The /admin namespace rides on the main connection: it can be made once that exists.
        if (!(currentSocket() ?? (await socketLater(lifecycle)))) return;
        const socket = getAdminSocket();
        let renewals = 0;
        const onConnect = () => {
          renewals = 0;
        };
        const onConnectError = (error: Error) => {
          if (!isRenewableConnectError(error.message) || renewals++ > 1) return;
          void renewSocketSession(socket, {
            onSession: (session) => dispatch(sessionReceived(session)),
            onNoSession: () => dispatch(sessionCleared()),
          });
        };
        socket.on("connect", onConnect);
        socket.on("connect_error", onConnectError);
        // The /admin socket opens once the list has loaded (so only for an admin); its first connect
        // comes after the REST answer, so the resync below fills that gap too.
        let release = (): void => undefined;
        void cacheDataLoaded.then(() => { release = holdAdminSocket().release; }, () => undefined);
        await streamToCache(lifecycle, socket, {
          pushes: { purchaseCreated: { merge: (draft, purchase) => mergePurchases(draft, [purchase]) } },
          // Purchases made while we were away: refetch unless the server replayed them.
          resync: () => dispatch(api.util.invalidateTags(["Purchases"])),
        });
        socket.off("connect", onConnect);
        socket.off("connect_error", onConnectError);
        release();
      },
    }),
  }),
});

export const { usePurchaseCourseMutation, useGetAdminPurchasesQuery } = purchasesApi;
