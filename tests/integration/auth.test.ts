import { describe, expect, it } from "vitest";
import type { AuthResponse } from "@/contracts/dto";
import type { ErrorResponse } from "@/contracts/errors";
import type { MeResponse } from "@/contracts/rest";
import { Api, DEMO, loginAs, tokenFor, useTestServer } from "./support/harness";

const t = useTestServer();

const unique = (prefix: string) => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;

describe("register", () => {
  it("creates a learner, answers { accessToken, user } and sets both httpOnly cookies", async () => {
    const api = new Api(t.url);
    const email = unique("new");
    const res = await api.post<AuthResponse>("/api/auth/register", { name: "  New Person ", email: email.toUpperCase(), password: "long-enough-pw" });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/) as unknown, name: "New Person", email, role: "learner" });
    expect(Object.keys(res.body).sort()).toEqual(["accessToken", "user"]);
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|_id|scrypt/);
    const refresh = api.lastSetCookies.find((c) => c.startsWith("refresh_token="));
    const access = api.lastSetCookies.find((c) => c.startsWith("access_token="));
    expect(refresh).toMatch(/Path=\/api\/auth; Max-Age=259\d{4}; HttpOnly; SameSite=Lax; Secure/);
    expect(access).toMatch(/Path=\/; Max-Age=900; HttpOnly; SameSite=Lax; Secure/);
    // The new account can use its token right away.
    api.token = res.body.accessToken;
    expect((await api.get<MeResponse>("/api/auth/me")).body.user.email).toBe(email);
  });

  it("refuses a taken email (409), a client-chosen role and bad fields (400)", async () => {
    const api = new Api(t.url);
    const taken = await api.post<ErrorResponse>("/api/auth/register", { name: "Dup", email: DEMO.admin, password: "long-enough-pw" });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("CONFLICT");
    const sneaky = await api.post<ErrorResponse>("/api/auth/register", { name: "Eve", email: unique("eve"), password: "long-enough-pw", role: "admin" });
    expect(sneaky.status).toBe(400);
    const short = await api.post<ErrorResponse>("/api/auth/register", { name: "Sam", email: unique("sam"), password: "short" });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/password/);
  });
});

describe("login, me, refresh, logout", () => {
  it("logs in the demo admin; me works with the bearer and with the access_token cookie alone", async () => {
    const api = await loginAs(t.url, DEMO.admin);
    expect(api.user).toMatchObject({ name: "Ada Admin", email: DEMO.admin, role: "admin" });
    expect((await api.get<MeResponse>("/api/auth/me")).body.user.role).toBe("admin");
    api.token = undefined;
    expect((await api.get<MeResponse>("/api/auth/me")).status).toBe(200);
    api.cookies.clear();
    const anonymous = await api.get<ErrorResponse>("/api/auth/me");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("wrong password -> 401; an expired token -> 401 TOKEN_EXPIRED; a forged one -> UNAUTHENTICATED", async () => {
    const bad = await new Api(t.url).post<ErrorResponse>("/api/auth/login", { email: DEMO.learner1, password: "nope" });
    expect(bad.status).toBe(401);
    const api = await loginAs(t.url, DEMO.learner1);
    const expired = new Api(t.url, tokenFor(api.user, -5));
    const r1 = await expired.get<ErrorResponse>("/api/auth/me");
    expect([r1.status, r1.body.error.code]).toEqual([401, "TOKEN_EXPIRED"]);
    const forged = new Api(t.url, `${api.token ?? ""}x`);
    expect((await forged.get<ErrorResponse>("/api/auth/me")).body.error.code).toBe("UNAUTHENTICATED");
  });

  it("refresh rotates the cookie; reusing a rotated token revokes the whole family", async () => {
    const api = await loginAs(t.url, DEMO.learner2);
    const first = api.cookies.get("refresh_token");
    const r1 = await api.post<AuthResponse>("/api/auth/refresh");
    expect(r1.status).toBe(200);
    expect(r1.body.user.email).toBe(DEMO.learner2);
    const second = api.cookies.get("refresh_token");
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    // The new access token works.
    expect((await new Api(t.url, r1.body.accessToken).get("/api/auth/me")).status).toBe(200);

    // An attacker replays the first (rotated) token: refused, and the family dies with it.
    const thief = new Api(t.url);
    thief.cookies.set("refresh_token", first ?? "");
    const replay = await thief.post<ErrorResponse>("/api/auth/refresh");
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("UNAUTHENTICATED");
    const legit = await api.post<ErrorResponse>("/api/auth/refresh");
    expect(legit.status).toBe(401);
    // ...and the 401 clears the cookies.
    expect(api.cookies.has("refresh_token")).toBe(false);
  });

  it("logout revokes the refresh token and clears both cookies", async () => {
    const api = await loginAs(t.url, DEMO.instructor);
    const token = api.cookies.get("refresh_token");
    const out = await api.post<{ ok: boolean }>("/api/auth/logout");
    expect(out).toMatchObject({ status: 200, body: { ok: true } });
    expect(api.lastSetCookies.some((c) => c.startsWith("refresh_token=;") && c.includes("Max-Age=0"))).toBe(true);
    expect(api.lastSetCookies.some((c) => c.startsWith("access_token=;"))).toBe(true);
    const again = new Api(t.url);
    again.cookies.set("refresh_token", token ?? "");
    expect((await again.post("/api/auth/refresh")).status).toBe(401);
    expect((await new Api(t.url).post("/api/auth/refresh")).status).toBe(401);
  });
});

describe("login rate limit", () => {
  it("after 10 failures per IP and email answers 429 with Retry-After, even for the right password", async () => {
    const email = unique("victim");
    const api = new Api(t.url);
    await api.post("/api/auth/register", { name: "Victim", email, password: "right-password" });
    for (let i = 0; i < 10; i++) {
      expect((await api.post("/api/auth/login", { email, password: `wrong-${i}` })).status).toBe(401);
    }
    const blocked = await api.post<ErrorResponse>("/api/auth/login", { email, password: "right-password" });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("RATE_LIMITED");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(200);
    // Other accounts are not affected.
    expect((await api.post("/api/auth/login", { email: DEMO.learner1, password: "demo-password" })).status).toBe(200);
  });
});
