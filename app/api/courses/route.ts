import { json, route } from "@/server/http/route";
import { listCourses } from "@/server/services/courses/list-courses";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** 200 `{ courses: CourseDto[] }` (public). */
export const GET = route({ auth: "none" }, async () => json({ courses: await listCourses() }));
