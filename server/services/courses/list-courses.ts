import { z } from "zod";
import type { CourseDto } from "@/contracts/dto";
import { Course, type CourseDoc } from "@/models/Course";
import { coursesToDtos, findCourseDocs } from "./load";

/** The most results one search returns (best first). */
export const MAX_SEARCH_RESULTS = 50;

/** GET /api/courses?q=: `q` is optional; blank means the whole catalog. */
export const listCoursesInput = z.object({ q: z.string().trim().max(200, "search text is at most 200 characters").optional() });

/**
 * The catalog, or with `q` the courses whose title, summary, description or lesson titles contain its
 * words (English stemming: "design" finds "Designing"), best match first: a text search on the
 * `course_search` index.
 */
export async function listCourses(input: z.output<typeof listCoursesInput> = {}): Promise<CourseDto[]> {
  const q = input.q?.trim();
  if (!q) return coursesToDtos(await findCourseDocs());
  const docs: CourseDoc[] = await Course.find({ $text: { $search: q } }, { score: { $meta: "textScore" } })
    .sort({ score: { $meta: "textScore" }, _id: 1 })
    .limit(MAX_SEARCH_RESULTS)
    .lean();
  return coursesToDtos(docs);
}
