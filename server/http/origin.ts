/**
 * Which origins may drive this server from a browser: pages served by this very host, plus the
 * exact origins listed in ALLOWED_ORIGINS (comma-separated). One rule for REST writes and the
 * Socket.IO handshake. `Origin: null` (sandboxed frames, some redirects) and junk are foreign.
 */
export function isAllowedOrigin(
  origin: string,
  ourHosts: readonly (string | null | undefined)[],
  ourSchemes: readonly string[] = ["http:", "https:"],
): boolean {
  if (extraOrigins().includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // An Origin is scheme://host[:port], nothing more: userinfo, paths or another scheme are not ours.
  if (url.username !== "" || url.password !== "" || url.host === "" || origin !== url.origin) return false;
  if (!ourSchemes.includes(url.protocol)) return false;
  return ourHosts.some((h) => h?.toLowerCase() === url.host);
}

function extraOrigins(): string[] {
  return (process.env.ALLOWED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** The schemes a request came over: the URL's, and X-Forwarded-Proto's behind a trusted proxy. */
export function ownSchemes(req: Request, trustProxy: number): string[] {
  const schemes = [new URL(req.url).protocol];
  const forwarded = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (trustProxy > 0 && (forwarded === "http" || forwarded === "https")) schemes.push(`${forwarded}:`);
  return schemes;
}

/** The hosts a request may call its own: Host, and X-Forwarded-Host behind a trusted proxy (TRUST_PROXY). */
export function ownHosts(headers: { get(name: string): string | null }, trustProxy: number): (string | null)[] {
  return trustProxy > 0 ? [headers.get("host"), headers.get("x-forwarded-host")] : [headers.get("host")];
}
