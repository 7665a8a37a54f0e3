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
 * Any other IPv6 address is reduced to its /64 network (`2001:db8:1:2::/64`): a subscriber or a cloud
 * host usually gets a whole /64, so keying the per-IP limits by the full address would let one client
 * rotate through 2^64 keys.
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
  const a = address.toLowerCase().startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const kind = isIP(a);
  if (kind === 4) return a;
  return kind === 6 ? network64(a.toLowerCase()) : undefined;
}

/** The first four groups of a valid IPv6 address, as `a:b:c:d::/64` (no leading zeros). */
function network64(address: string): string {
  const [plain = ""] = address.split("%"); // zone id
  const gap = plain.indexOf("::");
  const head = (gap === -1 ? plain : plain.slice(0, gap)).split(":").filter(Boolean);
  const tail = gap === -1 ? [] : plain.slice(gap + 2).split(":").filter(Boolean);
  // An embedded IPv4 tail is two groups; the tail ends the address, so it starts at 8 - its length.
  const tailLen = tail.length + (tail.at(-1)?.includes(".") ? 1 : 0);
  const groups: string[] = [];
  for (let i = 0; i < 4; i++) {
    const g = i < head.length ? head[i] : gap !== -1 && i >= 8 - tailLen ? tail[i - (8 - tailLen)] : "0";
    groups.push(parseInt(g ?? "0", 16).toString(16));
  }
  return `${groups.join(":")}::/64`;
}
