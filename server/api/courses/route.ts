import { json, route } from "@/server/http/route";
import { listCourses } from "@/server/services/courses/list-courses";

/** 200 `{ courses: CourseDto[] }` (public). */
export const GET = route({ auth: "none" }, async () => json({ courses: await listCourses() }));
