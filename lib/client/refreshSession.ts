import type { LoginResponse as AuthResponse } from "@/contracts/rest";

/**
 * POST /api/auth/refresh, single-flight: the refresh cookie rotates on every use, so two
 * concurrent refreshes would spend the same cookie twice. Within a tab one promise is shared;
 * across tabs the Web Locks API serialises them so the second sees the rotated cookie.
 */

/** A session, none (no cookie, revoked), or no answer at all (network down, server restarting). */
export type RefreshOutcome = { session: AuthResponse } | { session: null; unreachable: boolean };

let inFlight: Promise<RefreshOutcome> | null = null;

async function requestRefresh(): Promise<RefreshOutcome> {
  let response: Response;
  try {
    response = await fetch("/api/auth/refresh", { method: "POST", credentials: "include" });
  } catch {
    return { session: null, unreachable: true };
  }
  // A proxy's 502/503/504 (or our own 503 while starting) says nothing about the session.
  if (response.status >= 500) return { session: null, unreachable: true };
  if (!response.ok) return { session: null, unreachable: false };
  return { session: (await response.json()) as AuthResponse };
}

async function withCrossTabLock(run: () => Promise<RefreshOutcome>): Promise<RefreshOutcome> {
  if (typeof navigator === "undefined" || !("locks" in navigator)) return run();
  return await navigator.locks.request("learnlive-refresh", run);
}

/** The refresh's outcome, telling "no session" from "the server could not be reached". */
export function refreshOutcome(): Promise<RefreshOutcome> {
  inFlight ??= withCrossTabLock(requestRefresh)
    .catch((): RefreshOutcome => ({ session: null, unreachable: true }))
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/** Resolves to the new session, or null when there is none (no cookie, revoked, network down). */
export async function refreshSession(): Promise<AuthResponse | null> {
  return (await refreshOutcome()).session;
}
