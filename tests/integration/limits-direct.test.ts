import { describe, expect, it } from "vitest";
import { ConnectErrorMessage, type ErrorResponse } from "@/contracts/errors";
import { Api, connect, DEMO, loginAs, useTestServer } from "./support/harness";

/** Without TRUST_PROXY a client's X-Forwarded-For is ignored: every request here is 127.0.0.1. */
const t = useTestServer({ limits: { loginFailuresPerIp: 5, connectionsPerIp: 2, registrationsPerIp: 2 } });

const spoof = (i: number) => ({ "x-forwarded-for": `198.51.100.${String(i)}` });
const unique = (prefix: string) => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
const refusal = (p: Promise<unknown>) => p.then(() => "connected", (e: unknown) => (e instanceof Error ? e.message : String(e)));

describe("X-Forwarded-For is ignored without TRUST_PROXY", () => {
  it("sockets: a new header per socket does not escape the per-IP cap", async () => {
    const [a, b] = await Promise.all([loginAs(t.url, DEMO.learner1), loginAs(t.url, DEMO.learner2)]);
    await connect(t.url, { token: a.token, headers: spoof(1) });
    await connect(t.url, { token: b.token, headers: spoof(2) });
    expect(await refusal(connect(t.url, { token: b.token, headers: spoof(3) }))).toBe(ConnectErrorMessage.TooManyConnections);
  });

  it("registration: a new header per request does not escape the per-IP limit", async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await new Api(t.url).call("POST", "/api/auth/register", { name: "Reg", email: unique("reg"), password: "long-enough-pw" }, spoof(i));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 429]);
  });

  it("login: failures under five different headers all count against the one peer address", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await new Api(t.url).call("POST", "/api/auth/login", { email: unique(`g${String(i)}`), password: "wrong" }, spoof(i));
      expect(res.status).toBe(401);
    }
    const blocked = await new Api(t.url).call<ErrorResponse>("POST", "/api/auth/login", { email: DEMO.admin, password: "demo-password" }, spoof(99));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
