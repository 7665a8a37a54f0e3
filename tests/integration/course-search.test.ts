import { describe, expect, it } from "vitest";
import type { ErrorResponse } from "@/contracts/errors";
import type { CoursesResponse } from "@/contracts/rest";
import { useTestServer } from "./support/harness";

/**
 * The catalog search (GET /api/courses?q=): a `$text` search over course titles, summaries,
 * descriptions and lesson titles of the seeded catalog, with English stemming, best match first.
 */
const t = useTestServer();

async function search(q: string): Promise<{ status: number; slugs: string[] }> {
  const res = await fetch(`${t.url}/api/courses?q=${encodeURIComponent(q)}`);
  if (res.status !== 200) return { status: res.status, slugs: [] };
  const body = (await res.json()) as CoursesResponse;
  return { status: 200, slugs: body.courses.map((c) => c.slug) };
}

describe("GET /api/courses?q=", () => {
  it("finds a course by a word of its title", async () => {
    expect(await search("typescript")).toEqual({ status: 200, slugs: ["typescript-from-zero"] });
  });

  it("finds courses by lesson titles and stems words ('scaling' finds 'scale')", async () => {
    expect((await search("handshake")).slugs).toEqual(["realtime-apps-with-socket-io"]);
    expect((await search("scaling")).slugs).toEqual(["realtime-apps-with-socket-io", "advanced-react-patterns"]);
  });

  it("ranks a title match above a lesson-title match", async () => {
    expect((await search("Realtime")).slugs).toEqual(["realtime-apps-with-socket-io", "advanced-react-patterns"]);
  });

  it("answers an empty list for words no course has, and for stop words only", async () => {
    expect(await search("knitting")).toEqual({ status: 200, slugs: [] });
    expect(await search("the and of")).toEqual({ status: 200, slugs: [] });
  });

  it("a blank search is the whole catalog", async () => {
    const all = (await search("   ")).slugs;
    expect(all).toHaveLength(4);
  });

  it("refuses a search text over 200 characters with 400", async () => {
    const res = await fetch(`${t.url}/api/courses?q=${"a".repeat(201)}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorResponse;
    expect(JSON.stringify(body)).toMatch(/200 characters/);
  });
});
