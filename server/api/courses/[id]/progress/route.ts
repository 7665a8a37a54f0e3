import { json, withAuth } from "@/server/http/route";
import { courseProgress, courseProgressInput } from "@/server/services/progress/course-progress";
import { parseInput } from "@/server/validation";

/** The caller's progress in the course: 200 CourseProgressDto; 404 unknown course. */
export const GET = withAuth<{ id: string }>(async ({ params, auth }) => {
  return json(await courseProgress(parseInput(courseProgressInput, { courseId: params.id }), auth));
});
