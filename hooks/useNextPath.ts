"use client";

import { useSearchParams } from "next/navigation";
import { safeNextPath } from "@/lib/client/safeNextPath";

/** The `?next=` path to return to after auth; only paths on this origin are honoured. */
export function useNextPath(fallback = "/"): string {
  const next = useSearchParams().get("next");
  return typeof window === "undefined" ? fallback : safeNextPath(next, window.location.origin, fallback);
}
