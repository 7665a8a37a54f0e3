import { afterEach, describe, expect, it, vi } from "vitest";
import type { PurchaseDto, UserDto } from "@/contracts/dto";
import { canWatchLesson } from "@/lib/client/courseAccess";
import { formatDuration, formatPrice, formatRelative, initials } from "@/lib/client/format";
import { refreshOutcome, refreshSession } from "@/lib/client/refreshSession";
import { videoSources, videoUrlExpiresAt } from "@/lib/client/videoSources";
import { mergePurchases, purchaseTotals } from "@/redux/features/purchases/purchasesCache";

const purchase = (id: string, minute: number, learnerId = "l1"): PurchaseDto => ({
  id,
  courseId: `c-${id}`,
  courseTitle: "Course",
  learner: { id: learnerId, name: "Learner", role: "learner" },
  priceCents: 4900,
  createdAt: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
});

describe("purchases cache", () => {
  it("merges a live purchase into the REST list once, newest first", () => {
    const list = mergePurchases([purchase("a", 1), purchase("b", 0)], [purchase("c", 3), purchase("a", 1)]);
    expect(list.map((p) => p.id)).toEqual(["c", "a", "b"]);
    expect(purchaseTotals(list)).toEqual({ count: 3, revenueCents: 14700, learners: 1, courses: 3 });
  });
});

describe("format", () => {
  it("formats prices, durations, initials and relative times", () => {
    expect(formatPrice(4900)).toBe("$49.00");
    expect(formatPrice(0)).toBe("Free");
    expect(formatDuration(75)).toBe("1:15");
    expect(formatDuration(3720)).toBe("1h 2m");
    expect(initials("Ada Byron Lovelace")).toBe("AL");
    expect(initials("Ivan Instructor")).toBe("I");
    const now = Date.UTC(2026, 0, 1, 12);
    expect(formatRelative(new Date(now - 10_000).toISOString(), now)).toBe("just now");
    expect(formatRelative(new Date(now - 3 * 60_000).toISOString(), now)).toBe("3 minutes ago");
  });
});

describe("videoSources", () => {
  it("offers the WebM twin of a signed MP4 with the same signature", () => {
    const mp4 = "/api/media/0123456789abcdef01234567?format=mp4&u=aaaaaaaaaaaaaaaaaaaaaaaa&exp=1900000000&sig=abc_-";
    expect(videoSources(mp4)).toEqual([
      { src: mp4, type: "video/mp4" },
      { src: mp4.replace("format=mp4", "format=webm"), type: "video/webm" },
    ]);
    const webm = mp4.replace("format=mp4", "format=webm");
    expect(videoSources(webm)).toEqual([{ src: webm, type: "video/webm" }]);
    expect(videoSources("https://cdn.example/v.webm?x=1")).toEqual([{ src: "https://cdn.example/v.webm?x=1", type: "video/webm" }]);
    expect(videoUrlExpiresAt(mp4)).toBe(1_900_000_000_000);
    expect(videoUrlExpiresAt("https://cdn.example/v.mp4")).toBeNull();
  });
});

describe("refreshSession", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("shares one request between concurrent callers (the refresh cookie rotates)", async () => {
    const body = { accessToken: "t", user: { id: "u", name: "U", email: "u@x.test", role: "learner" } };
    const fetchMock = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 10));
      return new Response(JSON.stringify(body), { status: 200 });
    });
    vi.stubGlobal("fetch", fetchMock);
    const [a, b] = await Promise.all([refreshSession(), refreshSession()]);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(a).toEqual(body);
    expect(b).toEqual(body);
    await refreshSession();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("resolves null when there is no session", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response("{}", { status: 401 }))));
    expect(await refreshSession()).toBeNull();
    expect(await refreshOutcome()).toEqual({ session: null, unreachable: false });
  });

  it("tells an unreachable server (network error, 5xx) from no session", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))));
    expect(await refreshOutcome()).toEqual({ session: null, unreachable: true });
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response("Bad gateway", { status: 502 }))));
    expect(await refreshOutcome()).toEqual({ session: null, unreachable: true });
  });
});

describe("canWatchLesson mirrors the server's lesson rule", () => {
  const user = (id: string, role: "learner" | "instructor" | "admin") => ({ id, role, name: "U", email: "u@x.test" }) satisfies Partial<UserDto>;
  it("buyers, the course's own instructor and admins watch every lesson; others the preview only", () => {
    expect(canWatchLesson(true, user("l1", "learner"), 3, "i1")).toBe(true);
    expect(canWatchLesson(false, user("i1", "instructor"), 3, "i1")).toBe(true);
    expect(canWatchLesson(false, user("a1", "admin"), 3, "i1")).toBe(true);
    expect(canWatchLesson(false, user("i2", "instructor"), 3, "i1")).toBe(false);
    expect(canWatchLesson(false, user("i2", "instructor"), 0, "i1")).toBe(true);
    expect(canWatchLesson(false, null, 1, "i1")).toBe(false);
  });
});
