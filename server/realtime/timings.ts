/**
 * Every timing of the realtime layer that a test would otherwise have to sleep through, in one
 * place: production uses the defaults; `startServer({ timings })` (tests) shortens them so a test
 * waits just past the moment an event is due instead of guessing.
 */
export interface RealtimeTimings {
  /** How long a user's last tab may be gone before they are offline (a reload does not flap). */
  presenceGraceMs: number;
  /** Viewer counts: at most one broadcast per video per interval, the latest value always sent last. */
  viewerIntervalMs: number;
  /** Native gateway (/ws): ping period; a connection silent for a whole period is closed. Default from WS_HEARTBEAT_MS. */
  wsHeartbeatMs?: number;
}

export const DEFAULT_REALTIME_TIMINGS: Readonly<RealtimeTimings> = {
  presenceGraceMs: 5000,
  viewerIntervalMs: 1000,
};

export function realtimeTimings(over: Partial<RealtimeTimings> = {}): RealtimeTimings {
  return { ...DEFAULT_REALTIME_TIMINGS, ...over };
}
