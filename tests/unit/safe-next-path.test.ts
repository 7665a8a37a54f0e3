import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/client/safeNextPath";

const origin = "http://localhost:3000";
// What `useSearchParams().get("next")` hands over: the query value already percent-decoded once.
const decoded = (raw: string) => new URLSearchParams(`next=${raw}`).get("next");

describe("safeNextPath", () => {
  it.each([
    ["/courses/abc", "/courses/abc"],
    ["/messages?c=1#end", "/messages?c=1#end"],
    ["/", "/"],
    ["/courses/./abc", "/courses/abc"],
  ])("keeps a same-origin path %s", (next, expected) => {
    expect(safeNextPath(next, origin)).toBe(expected);
  });

  it.each([
    "%2F%5Cexample.org%2Fx",
    "/%09/example.org",
    "/%0A/example.org",
    "/%0D/example.org",
    "/\\/example.org",
    "%2F%2Fexample.org",
    "//example.org",
    "https://example.org/x",
    "javascript:alert(1)",
    "example.org",
    "/%00/x",
    "%5C%5Cexample.org",
    "/.%2F%2Fexample.org",
    "/..%2F%2Fexample.org",
    "/a/..%2F%2Fexample.org%2Fx",
    "/%2e%2F%2Fexample.org",
    "/%252e//example.org",
    "/./%2Fexample.org",
  ])("refuses %s", (raw) => {
    expect(safeNextPath(decoded(raw), origin, "/home")).toBe("/home");
  });

  it("falls back when there is no value", () => {
    expect(safeNextPath(null, origin)).toBe("/");
    expect(safeNextPath("", origin, "/x")).toBe("/x");
  });
});
