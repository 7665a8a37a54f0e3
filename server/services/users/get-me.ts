import { Types } from "mongoose";
import type { UserDto } from "@/contracts/dto";
import { ErrorCode } from "@/contracts/errors";
import { User, toUserDto } from "@/models/User";
import { AppError } from "../../errors";

export async function getMe(userId: string): Promise<UserDto> {
  const user = await User.findById(new Types.ObjectId(userId)).lean();
  if (!user) throw new AppError(ErrorCode.Unauthenticated, "account no longer exists");
  return toUserDto(user);
}
