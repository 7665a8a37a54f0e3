import type { CommentDto } from "@/contracts/dto";
import type { CommentBody } from "@/contracts/schemas";
import type { CommentsResponse, PostCommentResponse } from "@/contracts/rest";
import { currentSocket } from "@/lib/client/socket";
import { api } from "../../api";
import { socketLater } from "../../socketLater";
import { streamToCache } from "../../streamToCache";
import { mergeComments } from "../reviews/reviewsCache";

export const commentsApi = api.injectEndpoints({
  endpoints: (build) => ({
    /** A lesson's questions and replies, oldest first; `newComment` pushes are merged by id. */
    getComments: build.query<CommentDto[], string>({
      query: (lessonId) => `/lessons/${encodeURIComponent(lessonId)}/comments`,
      transformResponse: (response: CommentsResponse) => response.comments,
      providesTags: (_r, _e, lessonId) => [{ type: "Comments", id: lessonId }],
      async onCacheEntryAdded(lessonId, lifecycle) {
        const { dispatch } = lifecycle;
        const socket = currentSocket() ?? (await socketLater(lifecycle));
        if (!socket) return;
        await streamToCache(lifecycle, socket, {
          pushes: {
            newComment: {
              filter: (payload) => payload.lessonId === lessonId,
              merge: (draft, { comment }) => mergeComments(draft, [comment]),
            },
          },
          // Questions and replies posted while a lost session was away (F9): no cursor, so refetch.
          resync: () => dispatch(api.util.invalidateTags([{ type: "Comments", id: lessonId }])),
        });
      },
    }),
    postComment: build.mutation<PostCommentResponse, { lessonId: string; body: CommentBody }>({
      query: ({ lessonId, body }) => ({ url: `/lessons/${encodeURIComponent(lessonId)}/comments`, method: "POST", body }),
      async onQueryStarted({ lessonId }, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled.catch(() => ({ data: null }));
        if (!data) return;
        dispatch(commentsApi.util.updateQueryData("getComments", lessonId, (draft) => mergeComments(draft, [data.comment])));
      },
    }),
  }),
});

export const { useGetCommentsQuery, usePostCommentMutation } = commentsApi;
