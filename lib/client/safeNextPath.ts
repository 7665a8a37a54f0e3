/**
 * The `?next=` target after sign-in, or `fallback` unless it is a path on this very origin.
 * Browsers read `/\evil.org`, `/\t/evil.org` and `/%0A/evil.org` as links to another host, so a
 * backslash or a control character anywhere refuses the value, and the resolved URL must keep our origin.
 */
export function safeNextPath(next: string | null | undefined, origin: string, fallback = "/"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//")) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  // Dot segments collapse while resolving: "/.//evil.org" resolves to the path "//evil.org", which a
  // router would follow as a protocol-relative URL to another host.
  if (url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
