import type { Types } from "mongoose";
import { Notification } from "@/models/Notification";

/**
 * Before the unique index on unread chat notifications (models/Notification.ts) existed, a recipient
 * could hold two for one conversation. Keeps the newest of each and marks the others read, so that
 * the index can be built. Returns how many were marked.
 */
export async function readExtraChatNotices(): Promise<number> {
  const groups = await Notification.aggregate<{ ids: Types.ObjectId[] }>([
    { $match: { type: "chat_message", status: "unread" } },
    { $sort: { createdAt: -1 } },
    { $group: { _id: { recipient: "$recipient", link: "$link" }, ids: { $push: "$_id" }, n: { $sum: 1 } } },
    { $match: { n: { $gt: 1 } } },
  ]);
  const extra = groups.flatMap((g) => g.ids.slice(1));
  if (extra.length === 0) return 0;
  await Notification.updateMany({ _id: { $in: extra } }, { $set: { status: "read" } });
  return extra.length;
}
