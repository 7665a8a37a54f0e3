import {
  fetchBaseQuery,
  type BaseQueryFn,
  type FetchArgs,
  type FetchBaseQueryError,
} from "@reduxjs/toolkit/query/react";
import { ErrorCode, type ErrorResponse } from "@/contracts/errors";
import { refreshSession } from "@/lib/client/refreshSession";
import { sessionCleared, sessionReceived } from "./features/auth/authSlice";

interface StateWithToken {
  auth: { accessToken: string | null };
}

const rawBaseQuery = fetchBaseQuery({
  baseUrl: "/api",
  credentials: "include",
  prepareHeaders: (headers, { getState }) => {
    const token = (getState() as StateWithToken).auth.accessToken;
    if (token) headers.set("authorization", `Bearer ${token}`);
    return headers;
  },
});

export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const data = error.data as Partial<ErrorResponse> | undefined;
  return data?.error?.code;
}

/** Adds the bearer token; on 401 TOKEN_EXPIRED refreshes once (single-flight) and retries. */
export const baseQueryWithReauth: BaseQueryFn<string | FetchArgs, unknown, FetchBaseQueryError> = async (
  args,
  api,
  extraOptions,
) => {
  const result = await rawBaseQuery(args, api, extraOptions);
  if (result.error?.status !== 401 || errorCodeOf(result.error) !== ErrorCode.TokenExpired) return result;
  const session = await refreshSession();
  if (!session) {
    api.dispatch(sessionCleared());
    return result;
  }
  api.dispatch(sessionReceived(session));
  return rawBaseQuery(args, api, extraOptions);
};
