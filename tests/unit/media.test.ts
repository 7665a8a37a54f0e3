import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRange } from "@/server/http/file-response";
import { localVideo } from "@/server/media/files";
import { signMedia, signedMediaUrl, verifyMedia } from "@/server/media/signed-urls";
import { runtime, type RuntimeConfig } from "@/server/runtime";

describe("parseRange", () => {
  it("reads one byte range, clipped to the file; ignores what it cannot use; 416 past the end", () => {
    expect(parseRange(null, 1000)).toBeNull();
    expect(parseRange("bytes=0-99", 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=900-", 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange("bytes=900-5000", 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange("bytes=-100", 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange("bytes=-5000", 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange("bytes=1000-", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=-0", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=5-2", 1000)).toBeNull();
    expect(parseRange("bytes=0-1,5-9", 1000)).toBeNull();
    expect(parseRange("items=0-1", 1000)).toBeNull();
    expect(parseRange("bytes=-", 1000)).toBeNull();
  });
});

describe("localVideo", () => {
  it("names files under /media only, never a path outside it", () => {
    expect(localVideo("/media/sample.mp4")).toEqual({ base: "sample", format: "mp4" });
    expect(localVideo("/media/intro.v2.webm")).toEqual({ base: "intro.v2", format: "webm" });
    expect(localVideo("/media/../secrets.mp4")).toBeNull();
    expect(localVideo("/media/a/b.mp4")).toBeNull();
    expect(localVideo("/media/.hidden.mp4")).toBeNull();
    expect(localVideo("https://cdn.example/v.mp4")).toBeNull();
    expect(localVideo("/media/sample.mkv")).toBeNull();
  });
});

describe("signed media URLs", () => {
  const lesson = "0123456789abcdef01234567";
  const user = "aaaaaaaaaaaaaaaaaaaaaaaa";
  const before = runtime.getConfig();
  const config = { accessSecret: "unit-access-secret-0123456789" } as RuntimeConfig;
  beforeAll(() => {
    runtime.setConfig(config);
  });
  afterAll(() => {
    runtime.setConfig(before);
  });
  const params = (s: { u: string; exp: number; sig: string }) => new URLSearchParams({ u: s.u, exp: String(s.exp), sig: s.sig });

  it("accepts its own signature until the expiry, for that lesson and user only", () => {
    const now = Date.UTC(2026, 0, 1);
    const s = signMedia(lesson, user, { now, ttlSec: 7200 });
    expect(s.exp).toBe(now / 1000 + 7200);
    expect(verifyMedia(lesson, params(s), now)).toEqual({ ok: true, userId: user, exp: s.exp });
    expect(verifyMedia(lesson, params(s), (s.exp - 1) * 1000).ok).toBe(true);
    expect(verifyMedia(lesson, params(s), s.exp * 1000)).toEqual({ ok: false, reason: "expired" });
    expect(verifyMedia("0123456789abcdef01234568", params(s), now)).toEqual({ ok: false, reason: "invalid" });
    expect(verifyMedia(lesson, params({ ...s, u: "bbbbbbbbbbbbbbbbbbbbbbbb" }), now)).toEqual({ ok: false, reason: "invalid" });
    expect(verifyMedia(lesson, params({ ...s, exp: s.exp + 1 }), now)).toEqual({ ok: false, reason: "invalid" });
    expect(verifyMedia(lesson, new URLSearchParams(), now)).toEqual({ ok: false, reason: "missing" });
    expect(verifyMedia(lesson, params({ ...s, sig: s.sig.slice(1) }), now)).toEqual({ ok: false, reason: "invalid" });
  });

  it("depends on the server secret (HKDF from the JWT access secret, or MEDIA_URL_SECRET)", () => {
    const now = Date.UTC(2026, 0, 1);
    const a = signMedia(lesson, user, { now });
    runtime.setConfig({ ...config, accessSecret: "another-secret-0123456789" });
    expect(signMedia(lesson, user, { now }).sig).not.toBe(a.sig);
    expect(verifyMedia(lesson, params(a), now).ok).toBe(false);
    process.env.MEDIA_URL_SECRET = "explicit-media-secret-0123456789";
    try {
      const b = signMedia(lesson, user, { now });
      expect(b.sig).not.toBe(a.sig);
      expect(verifyMedia(lesson, params(b), now).ok).toBe(true);
    } finally {
      delete process.env.MEDIA_URL_SECRET;
      runtime.setConfig(config);
    }
  });

  it("builds the URL the <video> element loads", () => {
    const url = signedMediaUrl(lesson, user, "mp4", { now: 0, ttlSec: 60 });
    expect(url).toMatch(/^\/api\/media\/0123456789abcdef01234567\?format=mp4&u=a{24}&exp=60&sig=[A-Za-z0-9_-]{43}$/);
  });
});

describe("the demo lessons' sample video", () => {
  it("is as long as every demo lesson says (the MP4 header's duration)", async () => {
    const { readFileSync } = await import("node:fs");
    const { SAMPLE_VIDEO_SEC, demoCourses } = await import("@/server/seed/demo-data");
    const mp4 = readFileSync("media/sample.mp4");
    const at = mp4.indexOf("mvhd") + 4;
    const v1 = mp4[at] === 1;
    const timescale = mp4.readUInt32BE(v1 ? at + 20 : at + 12);
    const duration = v1 ? Number(mp4.readBigUInt64BE(at + 24)) : mp4.readUInt32BE(at + 16);
    expect(Math.round(duration / timescale)).toBe(SAMPLE_VIDEO_SEC);
    for (const course of demoCourses) for (const lesson of course.lessons) expect(lesson.durationSec).toBe(SAMPLE_VIDEO_SEC);
  });
});
