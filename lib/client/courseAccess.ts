import type { UserDto } from "@/contracts/dto";

/** Owners and staff (instructors, admins) watch every lesson; everyone else gets the first as a free preview. */
export function canWatchLesson(owned: boolean, user: UserDto | null, index: number): boolean {
  if (owned) return true;
  if (user && user.role !== "learner") return true;
  return index === 0;
}
