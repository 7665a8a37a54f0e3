import { connect } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ErrorResponse } from "@/contracts/errors";
import { useTestServer } from "../support/harness";

const t = useTestServer({ pages: true });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("small HTTP hardening", () => {
  it("a malformed percent-encoding in a path is a 400, not a 500", async () => {
    for (const path of ["/api/courses/%E0%A4%A", "/api/lessons/%E0%A4%A/comments", "/api/courses/%ZZ"]) {
      const res = await fetch(`${t.url}${path}`);
      expect([path, res.status]).toEqual([path, 400]);
      const body = (await res.json()) as ErrorResponse;
      expect(body.error.code).toBe("BAD_REQUEST");
    }
  });

  it("a request body aborted half-way is logged as one line with the route, without a stack", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { port } = new URL(t.url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(
          `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"email":"a`,
        );
        setTimeout(() => { socket.destroy(); resolve(); }, 150);
      });
      socket.on("error", reject);
    });
    await vi.waitFor(() => {
      expect([...errors.mock.calls, ...warnings.mock.calls].flat().join(" ")).toMatch(/aborted/);
    }, { timeout: 5000 });
    const lines = [...errors.mock.calls, ...warnings.mock.calls].map((args) => args.map(String).join(" "));
    const aborted = lines.filter((l) => /aborted/.test(l));
    expect(aborted).toHaveLength(1);
    expect(aborted[0]).toMatch(/POST \/api\/auth\/login/);
    expect(aborted[0]).not.toMatch(/\n\s+at /);
    expect(lines.filter((l) => /\n\s+at /.test(l))).toEqual([]);
  });

  it("pages carry a nonce-based CSP whose nonce is on the page's scripts, and the framing and sniffing headers", async () => {
    const res = await fetch(`${t.url}/login`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toMatch(/unsafe-eval/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce ?? ""}"`);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("strict-transport-security")).toBeNull(); // plain http here
    // A fresh nonce per response.
    const again = (await fetch(`${t.url}/login`)).headers.get("content-security-policy");
    expect(again).not.toBe(csp);
    // API answers carry the same protective headers.
    const api = await fetch(`${t.url}/api/health`);
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    expect(api.headers.get("x-frame-options")).toBe("DENY");
  });
});
