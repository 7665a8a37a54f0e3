import { Types } from "mongoose";
import { z } from "zod";
import type { CommentDto } from "@/contracts/dto";
import { objectId } from "@/contracts/schemas";
import { Comment, type CommentDoc, toCommentDto } from "@/models/Comment";
import type { Actor } from "../../auth/actor";
import { forbidden } from "../../errors";
import { publicUsersById } from "../users/public-users";
import { lessonAccess } from "../courses/lesson-access";

/** At most this many comments per lesson are returned (the oldest); Q&A threads stay small. */
export const MAX_COMMENTS = 500;

export const listCommentsInput = z.object({ lessonId: objectId });

/** Oldest first (questions and replies alike; the client threads them by `parentId`). Members, or anyone on the preview lesson. */
export async function listComments({ lessonId }: z.output<typeof listCommentsInput>, actor: Actor): Promise<CommentDto[]> {
  const access = await lessonAccess(lessonId, actor);
  if (!access.member && !access.preview) throw forbidden("buy the course to read its lesson Q&A");
  const docs = (await Comment.find({ lesson: new Types.ObjectId(lessonId) })
    .sort({ createdAt: 1, _id: 1 })
    .limit(MAX_COMMENTS)
    .lean()) as CommentDoc[];
  const authorOf = await publicUsersById(docs.map((d) => d.author));
  return docs.map((d) => toCommentDto(d, authorOf(d.author)));
}
