import { describe, expect, it } from "vitest";
import { parseCookies, serializeCookie } from "@/server/http/cookies";

describe("cookies", () => {
  it("serializes httpOnly SameSite=Lax cookies, Secure only when asked", () => {
    const c = serializeCookie("refresh_token", "abc", { path: "/api/auth", maxAgeSec: 60, secure: false });
    expect(c).toBe("refresh_token=abc; Path=/api/auth; Max-Age=60; HttpOnly; SameSite=Lax");
    expect(serializeCookie("a", "b", { path: "/", maxAgeSec: 1, secure: true })).toMatch(/; Secure$/);
    expect(serializeCookie("a", "", { path: "/", maxAgeSec: 0, secure: false })).toContain("Max-Age=0");
  });

  it("parses headers without throwing on junk", () => {
    expect(parseCookies("a=1; b=%zz; c; =x; access_token=t%20k")).toEqual({ a: "1", b: "%zz", access_token: "t k" });
    expect(parseCookies(undefined)).toEqual({});
    expect(parseCookies("a=1; a=2")).toEqual({ a: "1" });
  });
});
