import { cache } from "react";
import type { CourseResponse } from "@/contracts/rest";

/**
 * The course for a server-rendered course or lesson page, from our own `GET /api/courses/:id` (the
 * same route and service the browser uses; Next's bundle holds no server code, docs/ARCHITECTURE.md),
 * as an anonymous visitor sees it: no cookie is forwarded, so the HTML is the same for everyone and
 * carries no signed video URL; the browser asks again once it knows who is signed in. Null when the
 * course does not exist, or when the API cannot be asked (`next` run without server.ts): the page then
 * loads it in the browser. `cache`: generateMetadata and the page share one request per render.
 */
export const courseFromApi = cache(async (idOrSlug: string): Promise<CourseResponse | null> => {
  const self = process.env.LEARNLIVE_SELF_URL;
  if (!self) return null;
  try {
    const response = await fetch(`${self}/api/courses/${encodeURIComponent(idOrSlug)}`, { cache: "no-store" });
    return response.ok ? ((await response.json()) as CourseResponse) : null;
  } catch {
    return null;
  }
});
