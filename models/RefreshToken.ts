/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types SchemaTypeOptions as a class, but schema definitions are plain option objects by design. */
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";

/**
 * One row per issued refresh token (only its keyed hash). Tokens of one login form a `family`;
 * each refresh rotates: the old row gets `rotatedAt`, a new row joins the family. Presenting a
 * rotated token again means it leaked: the whole family is revoked.
 */
const refreshTokenSchema = new Schema({
  user: { type: Schema.Types.ObjectId, ref: "User", required: true },
  tokenHash: { type: String, required: true, unique: true },
  family: { type: String, required: true },
  expiresAt: { type: Date, required: true },
  rotatedAt: { type: Date, default: null },
  revokedAt: { type: Date, default: null },
  createdAt: { type: Date, required: true, default: () => new Date() },
});
refreshTokenSchema.index({ family: 1 });
/**
 * Rows go a day after their token expired (the store's TTL monitor deletes them): until then an
 * expired token still gets "session expired" rather than "unknown token". A revoked family's rows are
 * only needed for the access TTL after `revokedAt` (see revoked-sessions), far less than that.
 */
export const REFRESH_ROW_GRACE_SEC = 24 * 60 * 60;
refreshTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: REFRESH_ROW_GRACE_SEC });
/** Start-up reads the families revoked within the last access TTL: a range on this index. */
refreshTokenSchema.index({ revokedAt: 1 });

type RefreshTokenSchema = InferSchemaType<typeof refreshTokenSchema>;
export type RefreshTokenDoc = RefreshTokenSchema & { _id: Types.ObjectId };

const createRefreshTokenModel = () => mongoose.model("RefreshToken", refreshTokenSchema);
export const RefreshToken =
  (mongoose.models.RefreshToken as ReturnType<typeof createRefreshTokenModel> | undefined) ?? createRefreshTokenModel();
