import type { SupportContactResponse } from "@/contracts/rest";
import { User } from "@/models/User";
import type { Actor } from "../../auth/actor";
import { AppError, forbidden } from "../../errors";
import { ErrorCode } from "@/contracts/errors";

/**
 * The address of support: any admin's id stands for "the admins as a group" (the chat rules route a
 * non-admin's message to any admin into that user's one support conversation).
 */
export async function supportContact(actor: Actor): Promise<SupportContactResponse> {
  if (actor.role === "admin") throw forbidden("admins answer support conversations from their inbox");
  const admin = await User.findOne({ role: "admin" }, { _id: 1 }).sort({ _id: 1 }).lean();
  if (!admin) throw new AppError(ErrorCode.Unavailable, "no support staff is set up yet");
  return { agent: { id: admin._id.toString(), name: "Support" } };
}
