import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { isAllowedOrigin } from "@/server/http/origin";
import { applySecurityHeaders, contentSecurityPolicy } from "@/server/http/security-headers";

/** Runs applySecurityHeaders on a fake exchange; returns the request headers and the response headers set. */
function run(headers: Record<string, string>, opts: { encrypted?: boolean; trustProxy?: boolean } = {}) {
  const req = { headers: { ...headers }, socket: { encrypted: opts.encrypted ?? false } } as unknown as IncomingMessage;
  const set = new Map<string, string>();
  const res = { setHeader: (k: string, v: string) => set.set(k.toLowerCase(), v) } as unknown as ServerResponse;
  applySecurityHeaders(req, res, { dev: false, trustProxy: opts.trustProxy ?? false });
  return { req: req.headers, res: set };
}

describe("security headers", () => {
  it("HSTS and upgrade-insecure-requests only over HTTPS (a proxy's X-Forwarded-Proto only when trusted)", () => {
    expect(run({}).res.has("strict-transport-security")).toBe(false);
    expect(run({}).res.get("content-security-policy")).not.toMatch(/upgrade-insecure-requests/);
    expect(run({ "x-forwarded-proto": "https" }).res.has("strict-transport-security")).toBe(false);
    const proxied = run({ "x-forwarded-proto": "https" }, { trustProxy: true });
    expect(proxied.res.get("strict-transport-security")).toMatch(/max-age=\d{8}/);
    expect(proxied.res.get("content-security-policy")).toMatch(/upgrade-insecure-requests/);
    expect(run({}, { encrypted: true }).res.has("strict-transport-security")).toBe(true);
  });

  it("the request carries the policy and nonce for Next, overwriting client-sent copies", () => {
    const ex = run({ "x-learnlive-nonce": "forged", "content-security-policy": "script-src *" });
    const nonce = ex.req["x-learnlive-nonce"] as string;
    expect(nonce).not.toBe("forged");
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(ex.req["content-security-policy"]).toContain(`'nonce-${nonce}'`);
    expect(ex.res.get("content-security-policy")).toBe(ex.req["content-security-policy"]);
    expect(ex.res.get("x-frame-options")).toBe("DENY");
  });

  it("eval only in development", () => {
    expect(contentSecurityPolicy("n", { dev: true, https: false })).toMatch(/'unsafe-eval'/);
    expect(contentSecurityPolicy("n", { dev: false, https: false })).not.toMatch(/unsafe-eval/);
  });
});

describe("isAllowedOrigin", () => {
  const hosts = ["localhost:3000"];
  it("accepts this very origin, in any letter case of the host", () => {
    expect(isAllowedOrigin("http://localhost:3000", hosts, ["http:"])).toBe(true);
    expect(isAllowedOrigin("http://LOCALHOST:3000", ["LocalHost:3000"], ["http:"])).toBe(false); // an Origin is sent lowercased
    expect(isAllowedOrigin("http://localhost:3000", ["LocalHost:3000"], ["http:"])).toBe(true);
  });
  it.each([
    "https://localhost:3000",
    "ftp://localhost:3000",
    "ws://localhost:3000",
    "chrome-extension://localhost:3000",
    "http://evil@localhost:3000",
    "http://localhost:3000/path",
    "http://localhost:3001",
    "http://evil.example",
    "null",
    "",
  ])("refuses %s over http", (origin) => {
    expect(isAllowedOrigin(origin, hosts, ["http:"])).toBe(false);
  });
});
