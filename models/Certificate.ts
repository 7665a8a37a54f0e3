/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types SchemaTypeOptions as a class, but schema definitions are plain option objects by design. */
import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * A course-completion certificate (SPEC F13). `_id` is a random, unguessable id: it is printed on
 * the PDF and opens the public verify page, so it must not let anyone enumerate learners.
 */
const certificateSchema = new Schema(
  {
    _id: { type: String, required: true },
    learner: { type: Schema.Types.ObjectId, ref: "User", required: true },
    course: { type: Schema.Types.ObjectId, ref: "Course", required: true },
    learnerName: { type: String, required: true },
    courseTitle: { type: String, required: true },
    instructorName: { type: String, required: true },
    completedAt: { type: Date, required: true },
    /** The PDF in GridFS; null until it is written (a retry finishes the same certificate). */
    fileId: { type: Schema.Types.ObjectId, default: null },
    size: { type: Number, default: 0 },
  },
  { timestamps: true },
);
// Issued once per learner and course: a second job returns the same certificate.
certificateSchema.index({ learner: 1, course: 1 }, { unique: true });
// A certificate's PDF is never removed by the job files' retention (server/jobs/retention.ts): it looks it up here.
certificateSchema.index({ fileId: 1 });

export type CertificateDoc = InferSchemaType<typeof certificateSchema>;

const createModel = () => mongoose.model("Certificate", certificateSchema);
export const Certificate = (mongoose.models.Certificate as ReturnType<typeof createModel> | undefined) ?? createModel();
