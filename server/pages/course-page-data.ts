import { cache } from "react";
import type { CourseResponse } from "@/contracts/rest";
import { isAppError } from "../errors";
import { runtime } from "../runtime";
import { getCourse, getCourseInput } from "../services/courses/get-course";
import { ErrorCode } from "@/contracts/errors";

/**
 * The course for a server-rendered course or lesson page, through the same service as
 * `GET /api/courses/:id`, as an anonymous visitor sees it (no signed video URLs, `owned` false):
 * the HTML is the same for everyone and carries no per-user secret; the browser asks again once it
 * knows who is signed in. Null when the course does not exist (or the id is malformed), or when the
 * store is not there (`next` run without server.ts): the page then loads it in the browser as before.
 * `cache`: generateMetadata and the page share one load per request.
 */
export const loadCoursePage = cache(async (idOrSlug: string): Promise<CourseResponse | null> => {
  const dbReady = runtime.getDbReady();
  if (!dbReady) return null;
  await dbReady;
  const input = getCourseInput.safeParse({ idOrSlug });
  if (!input.success) return null;
  try {
    return await getCourse(input.data, null);
  } catch (e) {
    if (isAppError(e) && e.code === ErrorCode.NotFound) return null;
    throw e;
  }
});
