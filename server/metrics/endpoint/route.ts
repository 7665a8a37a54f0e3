import { timingSafeEqual } from "node:crypto";
import { prometheusRegistry } from "@/server/metrics/prometheus";

const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics, outside /api (server.ts serves this folder with the API's router under "/metrics"):
 * Prometheus text format (SPEC F10), this node's figures: only with `Authorization: Bearer
 * $METRICS_TOKEN`; 404 while METRICS_TOKEN is unset (the endpoint does not exist), 401 otherwise.
 */
export async function GET(req: Request): Promise<Response> {
  const expected = process.env.METRICS_TOKEN;
  if (!expected) return plain(404, "not found\n");
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!match?.[1] || !sameToken(match[1], expected)) return plain(401, "unauthorized\n", { "www-authenticate": 'Bearer realm="metrics"' });
  const registry = prometheusRegistry();
  return plain(200, await registry.metrics(), { "content-type": registry.contentType });
}
