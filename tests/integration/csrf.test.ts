import { describe, expect, it } from "vitest";
import type { ErrorResponse } from "@/contracts/errors";
import { Api, DEMO, loginAs, useTestServer } from "./support/harness";

const t = useTestServer();
const evil = "https://evil.example";

async function post(path: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  const res = await fetch(`${t.url}${path}`, { method: "POST", headers: init.headers, body: init.body });
  return { status: res.status, body: (await res.json()) as ErrorResponse, setCookies: res.headers.getSetCookie() };
}

const credentials = JSON.stringify({ email: DEMO.learner1, password: "demo-password" });

describe("state-changing routes refuse other sites (login CSRF, cross-site logout and refresh)", () => {
  it("login from a foreign origin, even as a text/plain form carrying valid JSON, signs nobody in", async () => {
    const form = await post("/api/auth/login", { headers: { origin: evil, "content-type": "text/plain" }, body: credentials });
    expect(form.status).toBe(403);
    expect(form.setCookies).toEqual([]);
    const foreignJson = await post("/api/auth/login", { headers: { origin: evil, "content-type": "application/json" }, body: credentials });
    expect(foreignJson.status).toBe(403);
    expect(foreignJson.body.error.code).toBe("FORBIDDEN");
    expect(foreignJson.setCookies).toEqual([]);
    const nullOrigin = await post("/api/auth/login", { headers: { origin: "null", "content-type": "application/json" }, body: credentials });
    expect(nullOrigin.status).toBe(403);
  });

  it("register from a foreign origin creates no account", async () => {
    const email = `csrf-${Date.now()}@example.test`;
    const res = await post("/api/auth/register", {
      headers: { origin: evil, "content-type": "application/json" },
      body: JSON.stringify({ name: "Mallory", email, password: "long-enough-pw" }),
    });
    expect(res.status).toBe(403);
    const login = await new Api(t.url).post("/api/auth/login", { email, password: "long-enough-pw" });
    expect(login.status).toBe(401);
  });

  it("JSON routes answer 415 to another content type, from our own origin too", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const headers: Record<string, string> = { origin: t.url };
      if (type) headers["content-type"] = type;
      const res = await post("/api/auth/login", { headers, body: credentials });
      expect([type, res.status]).toEqual([type, 415]);
      expect(res.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
      expect(res.setCookies).toEqual([]);
    }
    const ok = await post("/api/auth/login", { headers: { origin: t.url, "content-type": "application/json; charset=utf-8" }, body: credentials });
    expect(ok.status).toBe(200);
  });

  it("a foreign page cannot log the victim out or refresh their session", async () => {
    const victim = await loginAs(t.url, DEMO.learner2);
    const cookie = [...victim.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    for (const path of ["/api/auth/logout", "/api/auth/refresh"]) {
      const res = await post(path, { headers: { cookie, origin: evil } });
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.setCookies).toEqual([]);
    }
    // The same with no Origin at all while cookies are sent (old browsers, stripped headers).
    for (const path of ["/api/auth/logout", "/api/auth/refresh"]) {
      const res = await post(path, { headers: { cookie } });
      expect([path, res.status]).toEqual([path, 403]);
    }
    // The victim's session still works: a same-origin refresh rotates it.
    expect((await victim.post("/api/auth/refresh")).status).toBe(200);
  });

  it("a bearer-only client without Origin and without cookies (scripts, mobile apps) is served", async () => {
    const api = await loginAs(t.url, DEMO.learner1);
    const res = await fetch(`${t.url}/api/notifications/read-all`, { method: "PUT", headers: { authorization: `Bearer ${api.token ?? ""}` } });
    expect(res.status).toBe(200);
    const login = await fetch(`${t.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: credentials });
    expect(login.status).toBe(200);
  });
});
