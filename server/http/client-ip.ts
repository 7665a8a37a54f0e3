import { isIP } from "node:net";

/**
 * The client's IP, decided in one place for REST (server.ts writes it into REMOTE_ADDR_HEADER) and
 * for Socket.IO handshakes (realtime/connection-limits.ts).
 *
 * - `trustProxyHops` 0 (default): the TCP peer address; X-Forwarded-For is ignored, since any client
 *   can send one.
 * - N > 0 (TRUST_PROXY): N proxies of ours each append the address they saw to X-Forwarded-For, so the
 *   N-th entry from the right is the one the outermost proxy saw, and everything left of it was
 *   written by the client (spoofable). We take that entry: with one proxy, the right-most. When the
 *   header has fewer entries, or the chosen one is not an IP, the peer address is used.
 *
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is reported as IPv4, so a dual-stack listener keys one client once.
 */
export function clientIp(
  peerAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxyHops: number,
): string {
  const peer = normalize(peerAddress) ?? "unknown";
  if (trustProxyHops <= 0 || forwardedFor === undefined) return peer;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length < trustProxyHops) return peer;
  return normalize(entries[entries.length - trustProxyHops]) ?? peer;
}

function normalize(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const a = address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  return isIP(a) ? a.toLowerCase() : undefined;
}
