/* eslint-disable @typescript-eslint/no-invalid-void-type -- `void` is RTK Query's idiom for "takes no argument" */
import type { SupportContactResponse } from "@/contracts/rest";
import { api } from "../../api";

/** Whom to address for support (any admin's id stands for the admins as a group). */
export const supportApi = api.injectEndpoints({
  endpoints: (build) => ({
    getSupportContact: build.query<SupportContactResponse["agent"], void>({
      query: () => "/support",
      transformResponse: (response: SupportContactResponse) => response.agent,
    }),
  }),
});

export const { useGetSupportContactQuery } = supportApi;
