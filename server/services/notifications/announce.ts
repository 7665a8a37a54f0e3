import { Types } from "mongoose";
import type { AnnouncementPayload } from "@/contracts/schemas";
import { User } from "@/models/User";
import type { Actor } from "../../auth/actor";
import { forbidden, notFound } from "../../errors";
import type { WithEvents } from "../events";
import { createNotifications } from "./create";

/**
 * Admin announcement (SPEC F4: admins only). Targets: `userId` -> that user; else `toAdmin` -> every
 * admin; else every user. The sender is left out of group announcements (they wrote it).
 */
export async function sendAnnouncement(payload: AnnouncementPayload, actor: Actor): Promise<WithEvents<{ delivered: number }>> {
  if (actor.role !== "admin") throw forbidden("only admins may send announcements");
  let recipients: Types.ObjectId[];
  if (payload.userId) {
    const target = await User.findById(new Types.ObjectId(payload.userId), { _id: 1 }).lean();
    if (!target) throw notFound("user");
    recipients = [target._id];
  } else {
    const filter = payload.toAdmin ? { role: "admin" as const } : {};
    const users = await User.find(filter, { _id: 1 }).lean();
    recipients = users.map((u) => u._id).filter((id) => id.toString() !== actor.userId);
  }
  const { result, events } = await createNotifications(recipients, {
    type: "announcement",
    title: payload.title,
    message: payload.message,
    link: null,
  });
  return { result: { delivered: result.length }, events };
}
