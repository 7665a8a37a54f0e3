/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types SchemaTypeOptions as a class, but schema definitions are plain option objects by design. */
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import type { CommentDto, PublicUserDto } from "@/contracts/dto";

/** A lesson question (parent null) or a reply to one (one level deep). `lesson` is the lesson subdocument id. */
const commentSchema = new Schema(
  {
    lesson: { type: Schema.Types.ObjectId, required: true },
    course: { type: Schema.Types.ObjectId, ref: "Course", required: true },
    author: { type: Schema.Types.ObjectId, ref: "User", required: true },
    parent: { type: Schema.Types.ObjectId, ref: "Comment", default: null },
    text: { type: String, required: true, maxlength: 2000 },
    /** Seconds into the lesson's video a question is about (SPEC F8); null for none and for replies. */
    videoTime: { type: Number, default: null, min: 0 },
  },
  { timestamps: true },
);
commentSchema.index({ lesson: 1, createdAt: 1 });

type CommentSchema = InferSchemaType<typeof commentSchema>;
export type CommentDoc = CommentSchema & { _id: Types.ObjectId };

const createCommentModel = () => mongoose.model("Comment", commentSchema);
export const Comment =
  (mongoose.models.Comment as ReturnType<typeof createCommentModel> | undefined) ?? createCommentModel();

export function toCommentDto(c: CommentDoc, author: PublicUserDto): CommentDto {
  return {
    id: c._id.toString(),
    lessonId: c.lesson.toString(),
    courseId: c.course.toString(),
    author,
    parentId: c.parent ? c.parent.toString() : null,
    text: c.text,
    videoTime: c.videoTime ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}
