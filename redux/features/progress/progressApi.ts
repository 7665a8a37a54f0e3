import type { CourseProgressDto, ProgressBody, SaveProgressResponse } from "@/contracts/progress";
import { api } from "../../api";

/** Lesson progress (SPEC F13): the course summary and the player's reports. */
export const progressApi = api.injectEndpoints({
  endpoints: (build) => ({
    getCourseProgress: build.query<CourseProgressDto, string>({
      query: (courseId) => `/courses/${encodeURIComponent(courseId)}/progress`,
      providesTags: (_r, _e, courseId) => [{ type: "Progress", id: courseId }],
    }),
    saveLessonProgress: build.mutation<SaveProgressResponse, ProgressBody & { lessonId: string; courseId: string }>({
      query: ({ lessonId, courseId: _courseId, ...body }) => ({ url: `/lessons/${encodeURIComponent(lessonId)}/progress`, method: "PUT", body }),
      // Only a lesson that just became complete changes what the course page shows.
      invalidatesTags: (result, _e, { courseId }) => (result?.progress.completed ? [{ type: "Progress", id: courseId }] : []),
    }),
  }),
});

export const { useGetCourseProgressQuery, useSaveLessonProgressMutation } = progressApi;
