import { RefreshToken } from "@/models/RefreshToken";
import { runtime } from "../runtime";

/**
 * Sessions (refresh-token families, the `sid` of their access tokens) that ended before their last
 * access token expires: logout, a detected token reuse, an account gone. Kept only as long as such
 * a token can live (the access TTL), so the set stays small; filled from the store on start, so a
 * restart does not bring a logged-out token back. Checked on every authenticated request and
 * handshake without a store query.
 */
export class RevokedSessions {
  private readonly until = new Map<string, number>();

  revoke(sid: string, untilMs: number): void {
    this.until.set(sid, Math.max(untilMs, this.until.get(sid) ?? 0));
    if (this.until.size > 1000) this.sweep(Date.now());
  }

  has(sid: string, now = Date.now()): boolean {
    const until = this.until.get(sid);
    if (until === undefined) return false;
    if (until > now) return true;
    this.until.delete(sid);
    return false;
  }

  get size(): number {
    return this.until.size;
  }

  private sweep(now: number): void {
    for (const [sid, until] of this.until) if (until <= now) this.until.delete(sid);
  }
}

export const revokedSessions = (): RevokedSessions => runtime.store("revoked-sessions", () => new RevokedSessions());

/** Marks a session ended for as long as its access tokens may still be presented. */
export function revokeSession(sid: string, accessTtlSec: number, now = Date.now()): void {
  revokedSessions().revoke(sid, now + accessTtlSec * 1000);
}

/** On start: the families revoked within the last access TTL (their tokens could still be presented). */
export async function loadRecentRevocations(accessTtlSec: number, now = Date.now()): Promise<number> {
  const since = new Date(now - accessTtlSec * 1000);
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose's NativeDate is Date
  const rows = await RefreshToken.find({ revokedAt: { $gte: since } }, { family: 1, revokedAt: 1 }).lean();
  for (const row of rows) {
    if (row.revokedAt) revokedSessions().revoke(row.family, row.revokedAt.getTime() + accessTtlSec * 1000);
  }
  return rows.length;
}
