import { Types } from "mongoose";
import { z } from "zod";
import type { OnlineUserDto } from "@/contracts/metrics";
import { objectId } from "@/contracts/schemas";
import { User } from "@/models/User";
import type { OnlineEntry } from "../../realtime/presence";

/** `?ids=a,b,c`: only these users (the dashboard asks about newcomers it has no name for). */
export const onlineUsersInput = z.strictObject({
  ids: z
    .string()
    .max(25 * 500)
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(objectId).max(500))
    .optional(),
});
export type OnlineUsersInput = z.output<typeof onlineUsersInput>;

/**
 * Who is online now (SPEC F10, admins): presence gives status, since and tab count; names and roles
 * come from the users in one query. Newest first. Accounts deleted meanwhile are left out.
 */
export async function listOnlineUsers(entries: readonly OnlineEntry[], input: OnlineUsersInput): Promise<OnlineUserDto[]> {
  const wanted = input.ids ? new Set(input.ids.map((id) => id.toLowerCase())) : null;
  const chosen = entries.filter((e) => Types.ObjectId.isValid(e.userId) && (!wanted || wanted.has(e.userId)));
  if (chosen.length === 0) return [];
  const users = await User.find({ _id: { $in: chosen.map((e) => new Types.ObjectId(e.userId)) } }, { name: 1, role: 1 }).lean();
  const byId = new Map(users.map((u) => [u._id.toString(), u]));
  const out: OnlineUserDto[] = [];
  for (const e of chosen) {
    const u = byId.get(e.userId);
    if (u) out.push({ id: e.userId, name: u.name, role: u.role, status: e.status, since: e.since.toISOString(), connections: e.connections });
  }
  return out.sort((a, b) => b.since.localeCompare(a.since));
}
