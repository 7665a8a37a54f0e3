import { json, route } from "@/server/http/route";
import { queryOf } from "@/server/http/body";
import { listCourses, listCoursesInput } from "@/server/services/courses/list-courses";
import { parseInput } from "@/server/validation";

/** 200 `{ courses: CourseDto[] }` (public); `?q=words` searches titles, summaries, descriptions and lesson titles, best first. */
export const GET = route({ auth: "none" }, async ({ req }) => json({ courses: await listCourses(parseInput(listCoursesInput, queryOf(req))) }));
