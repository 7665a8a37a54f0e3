import { describe, expect, it } from "vitest";
import type { HealthDto } from "@/contracts/dto";
import type { ErrorResponse } from "@/contracts/errors";
import type { CourseResponse, CoursesResponse, NotificationsResponse } from "@/contracts/rest";
import { Api, DEMO, loginAs, useTestServer } from "./support/harness";

const t = useTestServer();

describe("hostile REST input gets a 4xx JSON error, changes nothing and crashes nothing", () => {
  it("bodies: malformed, wrong types, operators, arrays, oversized", async () => {
    const api = new Api(t.url);
    const cases: [string, unknown, number][] = [
      ["/api/auth/login", "{not json", 400],
      ["/api/auth/login", "", 400],
      ["/api/auth/login", "[]", 400],
      ["/api/auth/login", "null", 400],
      ["/api/auth/login", { email: { $gt: "" }, password: { $gt: "" } }, 400],
      ["/api/auth/login", { email: DEMO.admin, password: { $ne: "x" } }, 400],
      ["/api/auth/register", { name: ["x"], email: "x@y.test", password: "long-enough" }, 400],
      ["/api/auth/register", { name: "X", email: { $regex: ".*" }, password: "long-enough" }, 400],
      ["/api/auth/register", JSON.stringify({ name: "X", email: "big@y.test", password: "p".repeat(100_000) }), 413],
    ];
    for (const [url, body, status] of cases) {
      const res = await api.post<ErrorResponse>(url, body);
      expect([url, res.status]).toEqual([url, status]);
      expect(typeof res.body.error.code).toBe("string");
      expect(typeof res.body.error.message).toBe("string");
    }
    // Nothing was created by any of it.
    const admin = await loginAs(t.url, DEMO.admin);
    expect((await new Api(t.url).post("/api/auth/login", { email: "big@y.test", password: "long-enough" })).status).toBe(401);
    expect((await admin.get<NotificationsResponse>("/api/notifications")).status).toBe(200);
  });

  it("path ids and tokens: operators, junk and wrong shapes", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const junk = ["%7B%22%24gt%22%3A%22%22%7D", "%24where", "..%2F..%2Fetc", "a".repeat(300)];
    for (const id of junk) {
      expect((await admin.put<ErrorResponse>(`/api/notifications/${id}`)).status).toBe(400);
      expect((await admin.get<ErrorResponse>(`/api/courses/${id}`)).status).toBe(400);
    }
    for (const header of ["Bearer", "Bearer ", "Basic abc", "Bearer a.b.c", `Bearer ${"x".repeat(5000)}`]) {
      const res = await fetch(`${t.url}/api/auth/me`, { headers: { authorization: header } });
      expect([header.slice(0, 12), res.status]).toEqual([header.slice(0, 12), 401]);
    }
    const weirdCookie = await fetch(`${t.url}/api/auth/refresh`, { method: "POST", headers: { origin: t.url, cookie: "refresh_token=%E0%A4%A; refresh_token=x" } });
    expect(weirdCookie.status).toBe(401);
    // A cookie-authenticated write from another site is refused; from our own origin it works.
    const learner = await loginAs(t.url, DEMO.learner1);
    const cookie = `access_token=${learner.cookies.get("access_token") ?? ""}`;
    const courseId = ((await (await fetch(`${t.url}/api/courses`)).json()) as CoursesResponse).courses[0]?.id ?? "";
    const evil = await fetch(`${t.url}/api/courses/${courseId}/purchase`, { method: "POST", headers: { cookie, origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    expect((await learner.get<CourseResponse>(`/api/courses/${courseId}`)).body.owned).toBe(false);
    const own = await fetch(`${t.url}/api/courses/${courseId}/purchase`, { method: "POST", headers: { cookie, origin: t.url } });
    expect(own.status).toBe(201);
    const health = (await (await fetch(`${t.url}/api/health`)).json()) as HealthDto;
    expect(health.status).toBe("ok");
  });
});
