/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types SchemaTypeOptions as a class, but schema definitions are plain option objects by design. */
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import type { PublicUserDto, PurchaseDto } from "@/contracts/dto";

const purchaseSchema = new Schema(
  {
    learner: { type: Schema.Types.ObjectId, ref: "User", required: true },
    course: { type: Schema.Types.ObjectId, ref: "Course", required: true },
    priceCents: { type: Number, required: true, min: 0 },
    currency: { type: String, required: true, default: "USD" },
  },
  { timestamps: true },
);
// One purchase per learner and course: the index is what makes buying idempotent.
purchaseSchema.index({ learner: 1, course: 1 }, { unique: true });
purchaseSchema.index({ createdAt: -1 });
// "Who bought my courses" (presence visibility, instructor views).
purchaseSchema.index({ course: 1 });

type PurchaseSchema = InferSchemaType<typeof purchaseSchema>;
export type PurchaseDoc = PurchaseSchema & { _id: Types.ObjectId };

const createPurchaseModel = () => mongoose.model("Purchase", purchaseSchema);
export const Purchase =
  (mongoose.models.Purchase as ReturnType<typeof createPurchaseModel> | undefined) ?? createPurchaseModel();

export function toPurchaseDto(p: PurchaseDoc, course: { title: string }, learner: PublicUserDto): PurchaseDto {
  return {
    id: p._id.toString(),
    courseId: p.course.toString(),
    courseTitle: course.title,
    learner,
    priceCents: p.priceCents,
    createdAt: p.createdAt.toISOString(),
  };
}
