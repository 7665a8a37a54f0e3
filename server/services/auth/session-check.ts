import type { AccessClaims } from "../../auth/tokens";
import { revokedSessions } from "../../auth/revoked-sessions";
import { userExists } from "../users/user-exists";

/**
 * A verified access token still speaks for someone: its session was not ended (logout, token reuse)
 * and its account exists. One check for REST and socket handshakes; no store query while cached.
 */
export async function sessionIsLive(claims: AccessClaims): Promise<boolean> {
  if (claims.sid !== undefined && revokedSessions().has(claims.sid)) return false;
  return userExists(claims.sub);
}
