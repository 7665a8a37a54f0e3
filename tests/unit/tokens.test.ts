import jwt from "jsonwebtoken";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  hashRefreshToken,
  newRefreshToken,
  signAccessToken,
  verifyAccessToken,
} from "@/server/auth/tokens";
import { isAppError } from "@/server/errors";

const secret = "test-secret-of-enough-length-1234567890";
const user = { id: "65f1c0ffee0000000000abcd", role: "admin" as const, name: "Ada" };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
  return "did not throw";
}

describe("access tokens (HS256 JWT)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("round-trips sub, role, name and a ~15 minute expiry", () => {
    const token = signAccessToken(user, secret, 900);
    const claims = verifyAccessToken(token, secret);
    expect(claims).toMatchObject({ sub: user.id, role: "admin", name: "Ada" });
    expect(claims.exp - Math.floor(Date.now() / 1000)).toBeGreaterThan(890);
    expect(jwt.decode(token, { complete: true })?.header.alg).toBe("HS256");
  });

  it("expired -> TOKEN_EXPIRED, so the client knows to refresh", () => {
    vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
    const token = signAccessToken(user, secret, 60);
    vi.setSystemTime(new Date("2030-01-01T00:01:01Z"));
    expect(codeOf(() => verifyAccessToken(token, secret))).toBe("TOKEN_EXPIRED");
  });

  it("forged, wrong secret, alg none and garbage -> UNAUTHENTICATED", () => {
    const good = signAccessToken(user, secret, 60);
    const [h, p] = good.split(".");
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${p ?? ""}.`;
    const tampered = `${h ?? ""}.${Buffer.from(JSON.stringify({ sub: user.id, role: "admin", name: "x", exp: 9e9 })).toString("base64url")}.${good.split(".")[2] ?? ""}`;
    for (const token of [signAccessToken(user, "other-secret", 60), none, tampered, "abc", "a.b.c", ""]) {
      expect(codeOf(() => verifyAccessToken(token, secret))).toBe("UNAUTHENTICATED");
    }
  });

  it("refuses tokens whose claims are not ours (bad role, bad sub)", () => {
    const badRole = jwt.sign({ role: "root", name: "x" }, secret, { subject: user.id, expiresIn: 60 });
    const badSub = jwt.sign({ role: "admin", name: "x" }, secret, { subject: "not-an-id", expiresIn: 60 });
    const noExp = jwt.sign({ role: "admin", name: "x", sub: user.id }, secret);
    for (const token of [badRole, badSub, noExp]) {
      expect(codeOf(() => verifyAccessToken(token, secret))).toBe("UNAUTHENTICATED");
    }
  });
});

describe("refresh tokens", () => {
  it("are long random strings whose stored hash depends on the secret", () => {
    const a = newRefreshToken();
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(newRefreshToken()).not.toBe(a);
    expect(hashRefreshToken(a, "s1")).toBe(hashRefreshToken(a, "s1"));
    expect(hashRefreshToken(a, "s1")).not.toBe(hashRefreshToken(a, "s2"));
    expect(hashRefreshToken(a, "s1")).not.toContain(a);
  });
});
