/**
 * Which origins may drive this server from a browser: pages served by this very host, plus the
 * exact origins listed in ALLOWED_ORIGINS (comma-separated). One rule for REST writes and the
 * Socket.IO handshake. `Origin: null` (sandboxed frames, some redirects) and junk are foreign.
 */
export function isAllowedOrigin(origin: string, ourHosts: readonly (string | null | undefined)[]): boolean {
  let host = "";
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (host === "") return false;
  if (ourHosts.some((h) => h === host)) return true;
  return extraOrigins().includes(origin);
}

function extraOrigins(): string[] {
  return (process.env.ALLOWED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** The hosts a request may call its own: Host, and X-Forwarded-Host behind a trusted proxy (TRUST_PROXY). */
export function ownHosts(headers: { get(name: string): string | null }, trustProxy: number): (string | null)[] {
  return trustProxy > 0 ? [headers.get("host"), headers.get("x-forwarded-host")] : [headers.get("host")];
}
