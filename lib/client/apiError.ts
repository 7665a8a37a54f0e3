import type { ErrorResponse } from "@/contracts/errors";

/** A readable message from an RTK Query error (server `{ error: { message } }`, network, or thrown). */
export function apiErrorMessage(error: unknown, fallback: string): string {
  if (typeof error !== "object" || error === null) return fallback;
  if ("data" in error) {
    const data = error.data as Partial<ErrorResponse> | undefined;
    if (data?.error?.message) return data.error.message;
  }
  if ("status" in error && error.status === "FETCH_ERROR") return "Can't reach the server — check your connection";
  if ("message" in error && typeof error.message === "string") return error.message;
  return fallback;
}

export function apiErrorStatus(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number") {
    return error.status;
  }
  return undefined;
}
