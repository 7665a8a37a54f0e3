/* eslint-disable @typescript-eslint/no-invalid-void-type -- `void` is RTK Query's idiom for "takes no argument" */
import type { LoginResponse, LogoutResponse, MeResponse } from "@/contracts/rest";
import type { LoginBody, RegisterBody } from "@/contracts/schemas";
import { api } from "../../api";
import { sessionCleared, sessionReceived } from "./authSlice";

export const authApi = api.injectEndpoints({
  endpoints: (build) => ({
    login: build.mutation<LoginResponse, LoginBody>({
      query: (body) => ({ url: "/auth/login", method: "POST", body }),
      async onQueryStarted(_arg, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled.catch(() => ({ data: null }));
        if (!data) return;
        dispatch(sessionReceived(data));
        // Anything fetched anonymously (e.g. "owned") is stale now.
        dispatch(api.util.invalidateTags(["Course", "MyCourses", "Notifications", "Purchases"]));
      },
    }),
    register: build.mutation<LoginResponse, RegisterBody>({
      query: (body) => ({ url: "/auth/register", method: "POST", body }),
      async onQueryStarted(_arg, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled.catch(() => ({ data: null }));
        if (data) dispatch(sessionReceived(data));
      },
    }),
    logout: build.mutation<LogoutResponse, void>({
      query: () => ({ url: "/auth/logout", method: "POST" }),
      async onQueryStarted(_arg, { dispatch, queryFulfilled }) {
        // Log out locally even when the server call fails: the user asked to leave.
        // The session listener then drops every cached response.
        await queryFulfilled.catch(() => undefined);
        dispatch(sessionCleared());
      },
    }),
    me: build.query<MeResponse, void>({
      query: () => "/auth/me",
      providesTags: ["Me"],
    }),
  }),
});

export const { useLoginMutation, useRegisterMutation, useLogoutMutation, useMeQuery } = authApi;
