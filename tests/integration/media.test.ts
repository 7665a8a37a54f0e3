import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CourseDto } from "@/contracts/dto";
import type { ErrorResponse } from "@/contracts/errors";
import type { CourseResponse, CoursesResponse, MyCoursesResponse } from "@/contracts/rest";
import { signMedia } from "@/server/media/signed-urls";
import { freshLearner } from "./support/chat";
import { DEMO, loginAs, useTestServer } from "./support/harness";

/** SPEC F2: lesson videos reach only those who may watch them, through short-lived signed URLs. */
const t = useTestServer();
let courses: CourseDto[];
let mp4: Buffer;
let webm: Buffer;
beforeAll(async () => {
  courses = ((await (await fetch(`${t.url}/api/courses`)).json()) as CoursesResponse).courses;
  mp4 = await readFile(path.join(process.cwd(), "media", "sample.mp4"));
  webm = await readFile(path.join(process.cwd(), "media", "sample.webm"));
});

const SIGNED = /^\/api\/media\/[0-9a-f]{24}\?format=mp4&u=[0-9a-f]{24}&exp=\d+&sig=[A-Za-z0-9_-]{43}$/;
const course0 = (): CourseDto => {
  const c = courses[0];
  if (!c) throw new Error("no course");
  return c;
};
const withUrls = (c: CourseDto) => c.lessons.filter((l) => l.videoUrl !== undefined).map((l) => l.id);
const urlOf = (c: CourseDto, i: number): string => {
  const url = c.lessons[i]?.videoUrl;
  if (!url) throw new Error(`lesson ${String(i)} has no video URL`);
  return url;
};
const get = (url: string, headers: Record<string, string> = {}, method = "GET") => fetch(t.url + url, { method, headers });
const errorOf = async (res: Response) => ((await res.json()) as ErrorResponse).error;

describe("who gets a lesson's video URL", () => {
  it("the catalog never carries one, for anyone", async () => {
    expect(courses.length).toBeGreaterThanOrEqual(3);
    for (const c of courses) expect(withUrls(c)).toEqual([]);
    const admin = await loginAs(t.url, DEMO.admin);
    const asAdmin = (await admin.get<CoursesResponse>("/api/courses")).body.courses;
    for (const c of asAdmin) expect(withUrls(c)).toEqual([]);
    expect(JSON.stringify(asAdmin)).not.toContain("/media/");
    const learner2 = await loginAs(t.url, DEMO.learner2);
    const mine = (await learner2.get<MyCoursesResponse>("/api/me/courses")).body.courses;
    expect(mine.length).toBeGreaterThan(0);
    for (const c of mine) expect(withUrls(c)).toEqual([]);
  });

  it("an anonymous course page has none, not even for the preview lesson", async () => {
    const res = (await (await get(`/api/courses/${course0().id}`)).json()) as CourseResponse;
    expect(res.course.lessons.length).toBeGreaterThanOrEqual(4);
    expect(withUrls(res.course)).toEqual([]);
    expect(JSON.stringify(res)).not.toContain("sample.mp4");
  });

  it("a signed-in learner who did not buy gets one for the free preview (the first lesson) only", async () => {
    const learner = await freshLearner(t.url);
    const { course, owned } = (await learner.get<CourseResponse>(`/api/courses/${course0().slug}`)).body;
    expect(owned).toBe(false);
    expect(withUrls(course)).toEqual([course.lessons[0]?.id]);
    expect(urlOf(course, 0)).toMatch(SIGNED);
    expect(urlOf(course, 0)).toContain(`u=${learner.user.id}`);
    expect((await get(urlOf(course, 0))).status).toBe(200);
  });

  it("a buyer, the instructor and an admin get a signed URL for every lesson", async () => {
    const buyer = await freshLearner(t.url, "Bea Buyer");
    expect((await buyer.post(`/api/courses/${course0().id}/purchase`)).status).toBe(201);
    const [instructor, admin] = await Promise.all([loginAs(t.url, DEMO.instructor), loginAs(t.url, DEMO.admin)]);
    for (const who of [buyer, instructor, admin]) {
      const { course } = (await who.get<CourseResponse>(`/api/courses/${course0().id}`)).body;
      expect(withUrls(course)).toEqual(course.lessons.map((l) => l.id));
      for (const l of course.lessons) {
        expect(l.videoUrl).toMatch(SIGNED);
        expect(l.videoUrl).toContain(`/api/media/${l.id}?`);
        expect(l.videoUrl).toContain(`u=${who.user.id}`);
      }
      const paid = await get(urlOf(course, 2), { range: "bytes=0-15" });
      expect(paid.status).toBe(206);
      expect(Buffer.from(await paid.arrayBuffer())).toEqual(mp4.subarray(0, 16));
    }
  });
});

describe("GET /api/media/:lessonId", () => {
  let buyerUrl = "";
  let buyerId = "";
  let otherId = "";
  let paidLessonId = "";
  beforeAll(async () => {
    const buyer = await freshLearner(t.url, "Max Media");
    const other = await freshLearner(t.url, "Olga Other");
    const c = courses[1];
    if (!c) throw new Error("no course");
    expect((await buyer.post(`/api/courses/${c.id}/purchase`)).status).toBe(201);
    const { course } = (await buyer.get<CourseResponse>(`/api/courses/${c.id}`)).body;
    buyerUrl = urlOf(course, 1);
    buyerId = buyer.user.id;
    otherId = other.user.id;
    paidLessonId = course.lessons[1]?.id ?? "";
  });

  it("serves a byte range to a buyer: 206 with the right bytes and Content-Range, no credentials but the URL", async () => {
    const res = await get(buyerUrl, { range: "bytes=100-1123" });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes 100-1123/${String(mp4.length)}`);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-type")).toBe("video/mp4");
    expect(res.headers.get("cache-control")).toMatch(/^private\b/);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(mp4.subarray(100, 1124));

    const tail = await get(buyerUrl, { range: "bytes=-50" });
    expect(tail.status).toBe(206);
    expect(tail.headers.get("content-range")).toBe(`bytes ${String(mp4.length - 50)}-${String(mp4.length - 1)}/${String(mp4.length)}`);
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(mp4.subarray(mp4.length - 50));

    const open = await get(buyerUrl, { range: `bytes=${String(mp4.length - 10)}-` });
    expect(open.status).toBe(206);
    expect(Buffer.from(await open.arrayBuffer())).toEqual(mp4.subarray(mp4.length - 10));
  });

  it("serves the whole file (200), HEAD, the WebM twin, and 416 for a range past the end", async () => {
    const full = await get(buyerUrl);
    expect(full.status).toBe(200);
    expect(full.headers.get("accept-ranges")).toBe("bytes");
    expect(full.headers.get("content-type")).toBe("video/mp4");
    // Buffer.equals: vitest's deep equality walks a 0.5 MB buffer byte by byte (2 s a file).
    expect(Buffer.from(await full.arrayBuffer()).equals(mp4)).toBe(true);

    // Next's route layer always streams chunked (it drops Content-Length): the size is in Content-Range.
    const head = await get(buyerUrl, { range: "bytes=0-" }, "HEAD");
    expect(head.status).toBe(206);
    expect(head.headers.get("content-range")).toBe(`bytes 0-${String(mp4.length - 1)}/${String(mp4.length)}`);
    expect(head.headers.get("content-type")).toBe("video/mp4");
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    expect((await get(buyerUrl, {}, "HEAD")).status).toBe(200);

    const twin = await get(buyerUrl.replace("format=mp4", "format=webm"), { range: "bytes=0-" });
    expect(twin.status).toBe(206);
    expect(twin.headers.get("content-type")).toBe("video/webm");
    expect(Buffer.from(await twin.arrayBuffer()).equals(webm)).toBe(true);

    const past = await get(buyerUrl, { range: `bytes=${String(mp4.length)}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${String(mp4.length)}`);
  });

  it("refuses a missing or tampered signature, another user's id and another lesson (403)", async () => {
    const bare = `/api/media/${paidLessonId}`;
    const noSig = await get(bare);
    expect(noSig.status).toBe(403);
    expect((await errorOf(noSig)).code).toBe("FORBIDDEN");

    const url = new URL(buyerUrl, t.url);
    const sig = url.searchParams.get("sig") ?? "";
    const tampered = new URL(url);
    tampered.searchParams.set("sig", (sig[0] === "A" ? "B" : "A") + sig.slice(1));
    expect((await get(tampered.pathname + tampered.search)).status).toBe(403);

    const stolen = new URL(url);
    stolen.searchParams.set("u", otherId);
    const res = await get(stolen.pathname + stolen.search);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toMatch(/not valid/);

    const later = new URL(url);
    later.searchParams.set("exp", String(Number(url.searchParams.get("exp")) + 3600));
    expect((await get(later.pathname + later.search)).status).toBe(403);

    const otherLesson = courses[1]?.lessons[2]?.id ?? "";
    expect((await get(`/api/media/${otherLesson}${url.search}`)).status).toBe(403);
  });

  it("refuses an expired signature with a message that says so (403)", async () => {
    const { u, exp, sig } = signMedia(paidLessonId, buyerId, { ttlSec: -5 });
    const res = await get(`/api/media/${paidLessonId}?format=mp4&u=${u}&exp=${String(exp)}&sig=${sig}`);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toMatch(/expired/);
    const fresh = signMedia(paidLessonId, buyerId);
    expect((await get(`/api/media/${paidLessonId}?u=${fresh.u}&exp=${String(fresh.exp)}&sig=${fresh.sig}`)).status).toBe(200);
  });

  it("an unknown lesson is 404, even with a valid signature", async () => {
    const unknown = "aaaaaaaaaaaaaaaaaaaaaaaa";
    const { u, exp, sig } = signMedia(unknown, buyerId);
    const res = await get(`/api/media/${unknown}?u=${u}&exp=${String(exp)}&sig=${sig}`);
    expect(res.status).toBe(404);
    expect((await get("/api/media/not-a-lesson")).status).toBe(404);
  });

  it("the old static paths serve nothing", async () => {
    for (const p of ["/media/sample.mp4", "/media/sample.webm", "/public/media/sample.mp4"]) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get("content-type") ?? "", p).not.toMatch(/^video\//);
    }
  });
});
