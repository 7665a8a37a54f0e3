import type { PresenceStatus } from "@/contracts/dto";

const LABEL: Record<PresenceStatus, string> = { online: "Online", away: "Away", offline: "Offline" };

/** A small presence dot with an accessible label. */
export function OnlineStatus({ status = "offline", withLabel = false }: { status?: PresenceStatus; withLabel?: boolean }) {
  return (
    <span className="presence" data-testid="online-status" data-status={status}>
      <span className="presence-dot" aria-hidden="true" />
      {withLabel ? <span className="presence-label">{LABEL[status]}</span> : <span className="sr-only">{LABEL[status]}</span>}
    </span>
  );
}
