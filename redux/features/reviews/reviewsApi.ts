import type { ReviewBody } from "@/contracts/schemas";
import type { PostReviewResponse, ReviewsResponse } from "@/contracts/rest";
import { currentSocket } from "@/lib/client/socket";
import { api } from "../../api";
import { socketLater } from "../../socketLater";
import { streamToCache } from "../../streamToCache";
import type { AppDispatch, RootState } from "../../store";
import { coursesApi } from "../courses/coursesApi";
import { applyRatingTo, applyReview, type ReviewPush } from "./reviewsCache";

/** Keeps every cached copy of this course (page by id or slug, catalog) on the new average. */
function spreadRating(dispatch: AppDispatch, state: RootState, courseId: string, push: ReviewPush): void {
  for (const arg of coursesApi.util.selectCachedArgsForQuery(state, "getCourse")) {
    dispatch(
      coursesApi.util.updateQueryData("getCourse", arg, (draft) => {
        if (draft.course.id === courseId) applyRatingTo(draft.course, push);
      }),
    );
  }
  dispatch(
    coursesApi.util.updateQueryData("getCourses", undefined, (draft) => {
      const course = draft.find((c) => c.id === courseId);
      if (course) applyRatingTo(course, push);
    }),
  );
}

export const reviewsApi = api.injectEndpoints({
  endpoints: (build) => ({
    /** A course's reviews (newest first) with its average; `newReview` pushes are merged by id. */
    getReviews: build.query<ReviewsResponse, string>({
      query: (courseId) => `/courses/${encodeURIComponent(courseId)}/reviews`,
      providesTags: (_r, _e, courseId) => [{ type: "Reviews", id: courseId }],
      async onCacheEntryAdded(courseId, lifecycle) {
        const { dispatch } = lifecycle;
        const socket = currentSocket() ?? (await socketLater(lifecycle));
        if (!socket) return;
        await streamToCache(lifecycle, socket, {
          pushes: {
            newReview: {
              filter: (payload) => payload.courseId === courseId,
              merge: (draft, push) => {
                applyReview(draft, push);
              },
              then: (push) => {
                spreadRating(dispatch, lifecycle.getState() as RootState, courseId, push);
              },
            },
          },
          // Reviews posted while a lost session was away (F9): this list has no cursor, so refetch.
          resync: () => dispatch(api.util.invalidateTags([{ type: "Reviews", id: courseId }])),
        });
      },
    }),
    postReview: build.mutation<PostReviewResponse, { courseId: string; body: ReviewBody }>({
      query: ({ courseId, body }) => ({ url: `/courses/${encodeURIComponent(courseId)}/reviews`, method: "POST", body }),
      async onQueryStarted({ courseId }, mutation) {
        const { dispatch, queryFulfilled } = mutation;
        const { data } = await queryFulfilled.catch(() => ({ data: null }));
        if (!data) return;
        dispatch(
          reviewsApi.util.updateQueryData("getReviews", courseId, (draft) => {
            applyReview(draft, data);
          }),
        );
        spreadRating(dispatch, mutation.getState() as RootState, courseId, data);
      },
    }),
  }),
});

export const { useGetReviewsQuery, usePostReviewMutation } = reviewsApi;
