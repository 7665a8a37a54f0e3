import { describe, expect, it } from "vitest";
import { FailureWindow, TokenBucket } from "@/server/rate-limit";

describe("FailureWindow (login attempts)", () => {
  it("blocks after the limit until the window ends, per key", () => {
    const w = new FailureWindow(3, 60_000);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(w.retryAfterSec("ip|a", t0)).toBe(0);
      w.fail("ip|a", t0);
    }
    expect(w.retryAfterSec("ip|a", t0 + 1000)).toBe(59);
    expect(w.retryAfterSec("ip|b", t0 + 1000)).toBe(0);
    expect(w.retryAfterSec("ip|a", t0 + 60_000)).toBe(0);
  });

  it("a success clears the count", () => {
    const w = new FailureWindow(2, 60_000);
    w.fail("k");
    w.reset("k");
    w.fail("k");
    expect(w.retryAfterSec("k")).toBe(0);
  });
});

describe("TokenBucket (chatty socket events)", () => {
  it("allows a burst, then refills at the given rate", () => {
    const t0 = 5_000;
    const b = new TokenBucket(3, 2, t0);
    expect([b.take(t0), b.take(t0), b.take(t0), b.take(t0)]).toEqual([true, true, true, false]);
    expect(b.take(t0 + 400)).toBe(false);
    expect(b.take(t0 + 600)).toBe(true);
    expect(b.take(t0 + 10_000)).toBe(true);
  });
});
