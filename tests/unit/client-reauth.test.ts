import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuthResponse } from "@/contracts/dto";
import { sessionReceived } from "@/redux/features/auth/authSlice";
import { coursesApi } from "@/redux/features/courses/coursesApi";
import { makeStore } from "@/redux/store";

const user = { id: "u1", name: "Lena", email: "learner1@demo.test", role: "learner" } as const;
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A fake server: tokens "old" are expired, "new" is valid; refresh hands out "new" after a delay. */
function fakeServer() {
  const calls = { refresh: 0, byToken: new Map<string, number>() };
  const fetchMock = vi.fn(async (input: Request | string) => {
    const url = new URL(typeof input === "string" ? input : input.url, "http://localhost");
    if (url.pathname === "/api/auth/refresh" || typeof input === "string") {
      calls.refresh += 1;
      await new Promise((r) => setTimeout(r, 20));
      return json(200, { accessToken: "new", user } satisfies AuthResponse);
    }
    const token = input.headers.get("authorization")?.replace("Bearer ", "") ?? "";
    calls.byToken.set(token, (calls.byToken.get(token) ?? 0) + 1);
    if (token !== "new") return json(401, { error: { code: "TOKEN_EXPIRED", message: "jwt expired" } });
    if (url.pathname === "/api/courses/c1") return json(200, { course: { id: "c1" }, owned: true });
    return json(200, { courses: [] });
  });
  return { calls, fetchMock };
}

describe("baseQuery with re-authentication", () => {
  beforeEach(() => {
    // Node's Request needs absolute URLs; the browser resolves "/api/..." against the page.
    const NodeRequest = Request;
    vi.stubGlobal("Request", class extends NodeRequest {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        super(typeof input === "string" ? new URL(input, "http://localhost").href : input, init);
      }
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("refreshes once for concurrent TOKEN_EXPIRED answers, then retries each request with the new token", async () => {
    const { calls, fetchMock } = fakeServer();
    vi.stubGlobal("fetch", fetchMock);
    const store = makeStore();
    store.dispatch(sessionReceived({ accessToken: "old", user }));

    const results = await Promise.all([
      store.dispatch(coursesApi.endpoints.getCourses.initiate()),
      store.dispatch(coursesApi.endpoints.getMyCourses.initiate()),
      store.dispatch(coursesApi.endpoints.getCourse.initiate("c1")),
    ]);

    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    expect(calls.refresh).toBe(1);
    expect(calls.byToken.get("old")).toBe(3);
    expect(calls.byToken.get("new")).toBe(3);
    expect(store.getState().auth.accessToken).toBe("new");
  });

  it("logs the user out locally when the refresh is refused", async () => {
    // Only refreshSession passes a plain URL string; RTK Query passes a Request.
    const refused = (input: Request | string) =>
      typeof input === "string"
        ? json(401, { error: { code: "UNAUTHENTICATED", message: "no session" } })
        : json(401, { error: { code: "TOKEN_EXPIRED", message: "jwt expired" } });
    vi.stubGlobal("fetch", vi.fn((input: Request | string) => Promise.resolve(refused(input))));
    const store = makeStore();
    store.dispatch(sessionReceived({ accessToken: "old", user }));
    const result = await store.dispatch(coursesApi.endpoints.getMyCourses.initiate());
    expect(result.isSuccess).toBe(false); // and the cache was reset with the session
    expect(store.getState().auth).toMatchObject({ user: null, accessToken: null, status: "anonymous" });
  });
});
