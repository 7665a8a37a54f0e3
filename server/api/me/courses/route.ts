import { json, withAuth } from "@/server/http/route";
import { myCourses } from "@/server/services/courses/my-courses";

/** 200 `{ courses: CourseDto[] }`: bought courses (and, for instructors, the ones they teach). */
export const GET = withAuth(async ({ auth }) => json({ courses: await myCourses(auth) }));
