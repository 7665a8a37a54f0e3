import { Types } from "mongoose";
import type { PublicUserDto } from "@/contracts/dto";
import { User, toPublicUserDto } from "@/models/User";

const unknownUser = (id: string): PublicUserDto => ({ id, name: "Former user", role: "learner" });

/** Loads the public face of these users in one query; ids of deleted accounts get a placeholder. */
export async function publicUsersById(ids: readonly Types.ObjectId[]): Promise<(id: Types.ObjectId) => PublicUserDto> {
  const unique = [...new Set(ids.map((id) => id.toString()))].map((id) => new Types.ObjectId(id));
  const users = unique.length ? await User.find({ _id: { $in: unique } }, { name: 1, role: 1 }).lean() : [];
  const byId = new Map(users.map((u) => [u._id.toString(), toPublicUserDto(u)]));
  return (id) => byId.get(id.toString()) ?? unknownUser(id.toString());
}
