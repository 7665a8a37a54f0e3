import type { IncomingMessage } from "node:http";
import type WebSocket from "ws";
import { AUTH_FRAME_TIMEOUT_MS, GatewayClose, UnauthorizedReason } from "@/contracts/gateway";
import type { AccessClaims } from "../../auth/tokens";
import { ACCESS_COOKIE, parseCookies } from "../../http/cookies";
import { checkAccessToken, type TokenRefusal } from "../auth";

/**
 * Who a native client is (SPEC F12): the access token from `?token=`, an `Authorization: Bearer`
 * header or the `access_token` cookie, or else from a first frame `{ type: "auth", token }` within
 * 5 s, checked by the same code as a Socket.IO handshake (realtime/auth.ts).
 */

/** The token the upgrade request carries, in the order of SPEC F12. */
export function requestToken(req: IncomingMessage): string | undefined {
  const query = new URL(req.url ?? "/", "http://gateway").searchParams.get("token")?.trim();
  if (query) return query;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
  if (bearer) return bearer;
  return parseCookies(req.headers.cookie)[ACCESS_COOKIE] || undefined;
}

/** The close a refusal leads to: 4401 with missing / invalid / expired, or 1013 when the store could not be asked. */
export const closeForRefusal: Record<TokenRefusal, readonly [number, string]> = {
  missing: [GatewayClose.Unauthorized, UnauthorizedReason.Missing],
  invalid: [GatewayClose.Unauthorized, UnauthorizedReason.Invalid],
  expired: [GatewayClose.Unauthorized, UnauthorizedReason.Expired],
  unavailable: [GatewayClose.TryAgainLater, "unavailable, retry"],
};

/** A frame received before admission, as ws handed it over. */
export type EarlyFrame = readonly [WebSocket.RawData, boolean];

export type Admission = { ok: true; claims: AccessClaims; early: EarlyFrame[] } | { ok: false; close: readonly [number, string] };

/** Frames a client may send before its auth is checked; more are a misbehaving client. */
const MAX_EARLY_FRAMES = 16;

/**
 * Resolves with the checked claims and the frames that arrived meanwhile (to be served in order once
 * the client is admitted), or with the close to send. Never rejects.
 */
export function admit(ws: WebSocket, req: IncomingMessage, getSecret: () => string): Promise<Admission> {
  const early: EarlyFrame[] = [];
  const given = requestToken(req);
  return new Promise<Admission>((resolve) => {
    let timer: NodeJS.Timeout | null = null;
    let awaitingAuthFrame = !given;
    const finish = (a: Admission | Promise<Admission>) => {
      if (timer) clearTimeout(timer);
      void Promise.resolve(a).then((admission) => {
        ws.off("message", onMessage);
        ws.off("close", onClose);
        resolve(admission);
      });
    };
    const refuse = (refusal: TokenRefusal) => { finish({ ok: false, close: closeForRefusal[refusal] }); };
    const check = (token: string | undefined) =>
      checkAccessToken(token, getSecret).then((c): Admission => (c.ok ? { ok: true, claims: c.claims, early } : { ok: false, close: closeForRefusal[c.refusal] }));
    function onMessage(raw: WebSocket.RawData, isBinary: boolean): void {
      if (!awaitingAuthFrame) {
        if (early.length < MAX_EARLY_FRAMES) early.push([raw, isBinary]);
        return;
      }
      awaitingAuthFrame = false;
      const token = isBinary ? undefined : authFrameToken(raw);
      if (token === undefined) refuse("missing");
      else finish(check(token));
    }
    // Gone before it was admitted: nothing to admit.
    function onClose(): void { refuse("missing"); }
    ws.on("message", onMessage);
    ws.once("close", onClose);
    if (given) {
      finish(check(given));
      return;
    }
    timer = setTimeout(() => { refuse("missing"); }, AUTH_FRAME_TIMEOUT_MS);
  });
}

/** The token of `{ "type": "auth", "token": "..." }`, or undefined for any other first frame. */
function authFrameToken(raw: WebSocket.RawData): string | undefined {
  try {
    const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : Array.isArray(raw) ? Buffer.concat(raw).toString("utf8") : Buffer.from(raw).toString("utf8");
    const frame = JSON.parse(text) as unknown;
    if (typeof frame !== "object" || frame === null) return undefined;
    const { type, token } = frame as { type?: unknown; token?: unknown };
    if (type !== "auth" || typeof token !== "string") return undefined;
    return token.replace(/^Bearer\s+/i, "").trim() || undefined;
  } catch {
    return undefined;
  }
}
