import type { CommentsResponse, PostCommentResponse } from "@/contracts/rest";
import { readBodyWith } from "@/server/http/body";
import { json, withAuth } from "@/server/http/route";
import { emitEvents } from "@/server/realtime/broadcaster";
import { listComments, listCommentsInput } from "@/server/services/comments/list-comments";
import { postComment, postCommentInput } from "@/server/services/comments/post-comment";
import { parseInput } from "@/server/validation";

/** Members (buyers, instructor, admins), or anyone signed in on the preview lesson. 200 `{ comments }`, oldest first. */
export const GET = withAuth<{ id: string }>(async ({ params, auth }) => {
  const body: CommentsResponse = { comments: await listComments(parseInput(listCommentsInput, { lessonId: params.id }), auth) };
  return json(body);
});

/** Members only. 201 `{ comment }`; 400 bad body or parentId, 403 non-member, 404 unknown lesson. */
export const POST = withAuth<{ id: string }>(async ({ req, params, auth }) => {
  const { result, events } = await postComment(parseInput(postCommentInput, await readBodyWith(req, { lessonId: params.id })), auth);
  emitEvents(events);
  const body: PostCommentResponse = { comment: result };
  return json(body, 201);
});
