import { SessionCookies } from "@/contracts/rest";

/** Cookie names the browser gets; both httpOnly. */
export const ACCESS_COOKIE = SessionCookies.access;
export const REFRESH_COOKIE = SessionCookies.refresh;
export const REFRESH_COOKIE_PATH = "/api/auth";
export const SESSION_HINT_COOKIE = SessionCookies.hint;

interface CookieOptions {
  maxAgeSec: number;
  path: string;
  secure: boolean;
}

export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${opts.path}`,
    `Max-Age=${Math.max(0, Math.floor(opts.maxAgeSec))}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (opts.maxAgeSec <= 0) parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}

/** Parses a Cookie header; never throws on malformed input. */
export function parseCookies(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}
