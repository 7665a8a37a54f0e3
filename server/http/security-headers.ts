import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { NONCE_HEADER } from "@/contracts/rest";


/**
 * Headers every response carries, set by server.ts before Next sees the request:
 * - a nonce-based Content-Security-Policy: scripts run only from our origin or with this response's
 *   nonce (Next reads the nonce from the request's CSP header and puts it on its own scripts; the
 *   root layout puts it on the theme script); styles allow inline ones because react-hot-toast and
 *   framer-motion set them at run time; no frames, plugins or foreign form targets;
 * - frame-ancestors 'none' and X-Frame-Options DENY (no clickjacking), nosniff, a strict referrer
 *   policy, and HSTS when the request came over HTTPS (directly, or via a trusted proxy).
 * A client-sent copy of the nonce header is dropped, like the remote-address header.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, opts: { dev: boolean; trustProxy: boolean }): void {
  const https = isHttps(req, opts.trustProxy);
  const nonce = randomBytes(16).toString("base64");
  const csp = contentSecurityPolicy(nonce, { dev: opts.dev, https });
  req.headers["content-security-policy"] = csp;
  req.headers[NONCE_HEADER] = nonce;
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  if (https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts our nonced scripts load (Next's chunks) may run; nothing else.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "media-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

function isHttps(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!trustProxy) return false;
  const proto = req.headers["x-forwarded-proto"];
  return (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim() === "https";
}
