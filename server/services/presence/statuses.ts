import { Types } from "mongoose";
import type { UserStatusDto } from "@/contracts/dto";
import { User } from "@/models/User";

/**
 * The statuses of `ids` (already filtered to those the caller may see): live ones from `online`,
 * the others offline with their stored lastSeenAt; ids of no user are left out.
 */
export async function statusesOf(
  ids: readonly string[],
  lookup: (userId: string) => UserStatusDto | null | Promise<UserStatusDto | null>,
): Promise<UserStatusDto[]> {
  // One lookup per id (in memory, or pipelined to Redis with several nodes).
  const live = new Map((await Promise.all(ids.map(async (id) => [id, await lookup(id)] as const))).filter(([, s]) => s !== null));
  const online = (id: string) => live.get(id) ?? undefined;
  const offline = ids.filter((id) => !online(id));
  const seen = offline.length
    ? await User.find({ _id: { $in: offline.map((id) => new Types.ObjectId(id)) } }, { lastSeenAt: 1 }).lean()
    : [];
  const lastSeen = new Map(seen.map((u) => [u._id.toString(), u.lastSeenAt?.toISOString() ?? null]));
  return ids
    .filter((id) => online(id) ?? lastSeen.has(id))
    .map((id) => online(id) ?? { userId: id, status: "offline" as const, lastSeenAt: lastSeen.get(id) ?? null });
}

/** Records when users were last seen (the last tab gone, or the server stopping with them online). */
export async function recordLastSeen(userIds: readonly string[], at: Date): Promise<void> {
  if (userIds.length === 0) return;
  await User.updateMany({ _id: { $in: userIds.map((id) => new Types.ObjectId(id)) } }, { $set: { lastSeenAt: at } });
}
