/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types SchemaTypeOptions as a class, but schema definitions are plain option objects by design. */
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { Roles, type PublicUserDto, type UserDto } from "@/contracts/dto";

const userSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 80 },
    email: { type: String, required: true, unique: true, lowercase: true, trim: true, maxlength: 254 },
    passwordHash: { type: String, required: true },
    role: { type: String, enum: Roles, required: true, default: "learner" },
    lastSeenAt: { type: Date, default: null },
  },
  { timestamps: true },
);
userSchema.index({ role: 1 });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };

// `mongoose.models.X ??`: route bundles and server.ts both load this file; define the model once.
const createUserModel = () => mongoose.model("User", userSchema);
export const User =
  (mongoose.models.User as ReturnType<typeof createUserModel> | undefined) ?? createUserModel();

type UserLike = Pick<UserDoc, "_id" | "name" | "email" | "role">;

export function toUserDto(u: UserLike): UserDto {
  return { id: u._id.toString(), name: u.name, email: u.email, role: u.role };
}

export function toPublicUserDto(u: Pick<UserDoc, "_id" | "name" | "role">): PublicUserDto {
  return { id: u._id.toString(), name: u.name, role: u.role };
}
