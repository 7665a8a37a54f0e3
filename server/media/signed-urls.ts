import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { runtime } from "../runtime";

/**
 * Short-lived signed URLs for lesson videos (SPEC F2): `/api/media/<lessonId>?format=&u=&exp=&sig=`.
 * A `<video>` element sends no Authorization header, so the signature is the credential: an
 * HMAC-SHA256 over the lesson id, the user it was issued to and the expiry. Access is checked when a
 * URL is signed (the course DTO, `lessonAccess`'s rule); the media route checks only the signature.
 */

/** Long enough to watch a lesson; the lesson page asks for a fresh URL when one expires. */
export const MEDIA_URL_TTL_SEC = 2 * 60 * 60;
export const MEDIA_ROUTE = "/api/media";
export type MediaFormat = "mp4" | "webm";

/**
 * The HMAC key: `MEDIA_URL_SECRET` when set, else derived with HKDF-SHA256 from the JWT access
 * secret (required in production; generated into DATA_DIR in development), so production needs no
 * new setting and the key is never the JWT secret itself.
 */
const keys = new Map<string, Buffer>();
function mediaKey(): Buffer {
  const explicit = process.env.MEDIA_URL_SECRET;
  const config = runtime.getConfig();
  const secret = explicit ?? config?.accessSecret;
  if (!secret) throw new Error("media URLs need the server's configuration (MEDIA_URL_SECRET or JWT_ACCESS_SECRET)");
  const cacheKey = `${explicit ? "env" : "jwt"}:${secret}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = explicit
      ? Buffer.from(explicit, "utf8")
      : Buffer.from(hkdfSync("sha256", secret, "learnlive", "media-url-signing-v1", 32));
    keys.clear();
    keys.set(cacheKey, key);
  }
  return key;
}

function mac(lessonId: string, userId: string, exp: number): Buffer {
  return createHmac("sha256", mediaKey()).update(`media:v1\n${lessonId}\n${userId}\n${String(exp)}`).digest();
}

export interface SignedMedia {
  u: string;
  exp: number;
  sig: string;
}

/** Signs access to `lessonId`'s video for `userId` until now + `ttlSec` (a negative ttl signs an expired one). */
export function signMedia(
  lessonId: string,
  userId: string,
  opts: { ttlSec?: number; now?: number } = {},
): SignedMedia {
  const exp = Math.floor((opts.now ?? Date.now()) / 1000) + (opts.ttlSec ?? MEDIA_URL_TTL_SEC);
  return { u: userId, exp, sig: mac(lessonId, userId, exp).toString("base64url") };
}

/** The URL a `<video>` element loads; `format` picks the MP4 or its WebM twin (not signed: same lesson). */
export function signedMediaUrl(
  lessonId: string,
  userId: string,
  format: MediaFormat,
  opts: { ttlSec?: number; now?: number } = {},
): string {
  const { u, exp, sig } = signMedia(lessonId, userId, opts);
  const q = new URLSearchParams({ format, u, exp: String(exp), sig });
  return `${MEDIA_ROUTE}/${lessonId}?${q.toString()}`;
}

export type MediaVerdict = { ok: true; userId: string; exp: number } | { ok: false; reason: "missing" | "invalid" | "expired" };

const HEX24 = /^[0-9a-f]{24}$/i;

/** Checks a request's `u`, `exp` and `sig` for `lessonId`: the signature first, then the expiry. */
export function verifyMedia(lessonId: string, params: URLSearchParams, now = Date.now()): MediaVerdict {
  const u = params.get("u");
  const expText = params.get("exp");
  const sig = params.get("sig");
  if (!u || !expText || !sig) return { ok: false, reason: "missing" };
  if (!HEX24.test(u) || !/^\d{1,12}$/.test(expText) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) {
    return { ok: false, reason: "invalid" };
  }
  const exp = Number(expText);
  const given = Buffer.from(sig, "base64url");
  const expected = mac(lessonId, u, exp);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  if (exp * 1000 <= now) return { ok: false, reason: "expired" };
  return { ok: true, userId: u, exp };
}
