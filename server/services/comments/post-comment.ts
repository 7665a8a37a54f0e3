import { Types } from "mongoose";
import type { z } from "zod";
import type { CommentDto } from "@/contracts/dto";
import { commentBody, objectId } from "@/contracts/schemas";
import { Comment, toCommentDto, type CommentDoc } from "@/models/Comment";
import type { Actor } from "../../auth/actor";
import { badRequest, forbidden } from "../../errors";
import type { RealtimeEvent, WithEvents } from "../events";
import { createNotifications } from "../notifications/create";
import { publicUsersById } from "../users/public-users";
import { lessonAccess } from "../courses/lesson-access";

export const postCommentInput = commentBody.extend({ lessonId: objectId });

/**
 * A question (no parentId) or a reply to a question of the same lesson (replies are one level deep).
 * Members only (buyers, the course's instructor, admins). Broadcast as `newComment` to `lesson:<id>`;
 * a reply notifies the question's author unless they answer themselves; a new question notifies the
 * course's instructor unless they asked it (SPEC F8).
 */
export async function postComment(
  input: z.output<typeof postCommentInput>,
  actor: Actor,
): Promise<WithEvents<CommentDto>> {
  const { lessonId, ...body } = input;
  const access = await lessonAccess(lessonId, actor);
  if (!access.member) throw forbidden("only the course's learners, its instructor and admins may post here");
  const lid = new Types.ObjectId(lessonId);
  let parent: CommentDoc | null = null;
  if (body.parentId) {
    parent = (await Comment.findOne({ _id: new Types.ObjectId(body.parentId), lesson: lid }).lean());
    if (!parent) throw badRequest("parentId: not a question of this lesson");
    if (parent.parent) throw badRequest("parentId: replies are one level deep; answer the question instead");
    if (body.videoTime != null) throw badRequest("videoTime: only a question carries a moment of the video");
  }
  const author = new Types.ObjectId(actor.userId);
  const doc = (
    await Comment.create({ lesson: lid, course: access.courseId, author, parent: parent?._id ?? null, text: body.text, videoTime: body.videoTime ?? null })
  ).toObject() as CommentDoc;
  const authorOf = await publicUsersById([author]);
  const comment = toCommentDto(doc, authorOf(author));
  const events: RealtimeEvent[] = [{ to: { lesson: lessonId }, event: "newComment", payload: { lessonId, comment } }];
  const link = `/courses/${access.courseId.toString()}/lessons/${lessonId}`;
  // A question tells the instructor, a reply the question's author: never the one who wrote it.
  const notify = parent
    ? { to: parent.author, type: "reply" as const, title: "New reply to your question" }
    : { to: access.instructorId, type: "new_question" as const, title: "New question on your lesson" };
  if (!notify.to.equals(author)) {
    const notified = await createNotifications([notify.to], {
      type: notify.type,
      title: notify.title,
      message: `${comment.author.name}: ${comment.text.slice(0, 140)}`,
      link,
    });
    events.push(...notified.events);
  }
  return { result: comment, events };
}
