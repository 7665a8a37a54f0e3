import type { IncomingMessage, ServerResponse } from "node:http";
import compression from "compression";

/**
 * Text compression for what Next does not compress through our custom server. Next's `compress`
 * (on by default) gzips pages and static files; the REST API (server/http/api-router.ts, and before
 * that Next's route handlers) went out raw. So the HTTP server runs the `compression` middleware in
 * front of `/api/`: br or gzip when the client accepts it, textual types only (videos stream
 * untouched). No size threshold: a streamed answer's headers go out before its body, so the
 * middleware would not learn the size in time. Measured in docs/BENCHMARKS.md.
 */
/** JSON, text, JavaScript, XML and CSV; not media, not what is already compressed. */
const TEXTUAL = /^(application\/(json|javascript|xml|x-ndjson)|text\/)/i;

const middleware = compression({
  threshold: 0,
  // A content-type may be set as a one-element array (Next did for route handlers), which the
  // default filter reads as "not compressible"; read the first element, leave the header as it is.
  filter: (_req, res) => {
    const header = res.getHeader("content-type");
    const type = Array.isArray(header) ? header[0] : header;
    return typeof type === "string" && TEXTUAL.test(type);
  },
});

export function compressApi(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (!req.url?.startsWith("/api/")) {
    next();
    return;
  }
  middleware(req as Parameters<typeof middleware>[0], res as Parameters<typeof middleware>[1], next);
}
