"use client";

import { useSearchParams } from "next/navigation";

/** The `?next=` path to return to after auth; only same-site paths are honoured. */
export function useNextPath(fallback = "/"): string {
  const next = useSearchParams().get("next");
  return next?.startsWith("/") && !next.startsWith("//") ? next : fallback;
}
