import type { IncomingMessage, ServerResponse } from "node:http";
import compression from "compression";

/**
 * Text compression for what Next does not compress through our custom server. Next's `compress`
 * (on by default) gzips pages and static files, but not the Responses of route handlers: JSON
 * answers went out raw, and a handler cannot do it itself (Next drops a `content-encoding` it
 * sets, leaving a gzip body the browser cannot read). So the HTTP server runs the `compression`
 * middleware in front of `/api/`: gzip or deflate when the client accepts it, compressible types
 * only (videos stream untouched). No size threshold: Next sends a route handler's headers before its
 * body, so the middleware never learns the size in time and a threshold would turn it off for every
 * answer. Measured in docs/BENCHMARKS.md.
 */
/** JSON, text, JavaScript, XML and CSV; not media, not what is already compressed. */
const TEXTUAL = /^(application\/(json|javascript|xml|x-ndjson)|text\/)/i;

const middleware = compression({
  threshold: 0,
  // Next sets a route handler's content-type as a one-element array, which the default filter
  // (and Next's own compress) read as "not compressible"; read the first element. The header itself
  // is left as it is, so nothing else starts compressing the same body a second time.
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
  middleware(req as Parameters<typeof middleware>[0], res as Parameters<typeof middleware>[1], () => { next(); });
}
