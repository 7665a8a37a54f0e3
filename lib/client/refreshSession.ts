import type { LoginResponse as AuthResponse } from "@/contracts/rest";

/**
 * POST /api/auth/refresh, single-flight: the refresh cookie rotates on every use, so two
 * concurrent refreshes would spend the same cookie twice. Within a tab one promise is shared;
 * across tabs the Web Locks API serialises them so the second sees the rotated cookie.
 */
let inFlight: Promise<AuthResponse | null> | null = null;

async function requestRefresh(): Promise<AuthResponse | null> {
  const response = await fetch("/api/auth/refresh", { method: "POST", credentials: "include" });
  if (!response.ok) return null;
  return (await response.json()) as AuthResponse;
}

async function withCrossTabLock(run: () => Promise<AuthResponse | null>): Promise<AuthResponse | null> {
  if (typeof navigator === "undefined" || !("locks" in navigator)) return run();
  return await navigator.locks.request("learnlive-refresh", run);
}

/** Resolves to the new session, or null when there is none (no cookie, revoked, network down). */
export function refreshSession(): Promise<AuthResponse | null> {
  inFlight ??= withCrossTabLock(requestRefresh)
    .catch(() => null)
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}
