/* eslint-disable @typescript-eslint/no-invalid-void-type -- `void` is RTK Query's idiom for "takes no argument" */
import type { CourseDto } from "@/contracts/dto";
import type { CourseResponse, CoursesResponse, MyCoursesResponse } from "@/contracts/rest";
import { api } from "../../api";

export const coursesApi = api.injectEndpoints({
  endpoints: (build) => ({
    /** The catalog; with a search text, the matching courses, best first (GET /api/courses?q=). */
    getCourses: build.query<CourseDto[], string | void>({
      query: (q) => (q ? `/courses?q=${encodeURIComponent(q)}` : "/courses"),
      transformResponse: (response: CoursesResponse) => response.courses,
      providesTags: (courses = []) => [
        { type: "Course", id: "LIST" },
        ...courses.map((c) => ({ type: "Course" as const, id: c.id })),
      ],
    }),
    getCourse: build.query<CourseResponse, string>({
      query: (id) => `/courses/${encodeURIComponent(id)}`,
      // Also tagged by the course's id when addressed by slug: a purchase refetches it (signed video URLs).
      providesTags: (result, _error, id) => [
        { type: "Course", id },
        ...(result && result.course.id !== id ? [{ type: "Course" as const, id: result.course.id }] : []),
      ],
    }),
    getMyCourses: build.query<CourseDto[], void>({
      query: () => "/me/courses",
      transformResponse: (response: MyCoursesResponse) => response.courses,
      providesTags: ["MyCourses"],
    }),
  }),
});

export const { useGetCoursesQuery, useGetCourseQuery, useGetMyCoursesQuery } = coursesApi;
