"use client";

import { selectConnectionError, selectConnectionStatus, type ConnectionStatus } from "@/redux/features/connection/connectionSlice";
import { useAppSelector } from "@/redux/hooks";

const LABELS: Record<Exclude<ConnectionStatus, "idle">, string> = {
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

/** Live-connection state (SPEC F9); hidden for visitors, who have no socket. */
export function ConnectionPill() {
  const status = useAppSelector(selectConnectionStatus);
  const error = useAppSelector(selectConnectionError);
  if (status === "idle") return null;
  const label = LABELS[status];
  return (
    <span className="conn-pill" data-testid="connection-status" data-status={status} role="status"
      aria-live="polite" title={error && status !== "connected" ? `${label} (${error})` : `Live updates: ${label}`}>
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-label">{label}</span>
    </span>
  );
}
