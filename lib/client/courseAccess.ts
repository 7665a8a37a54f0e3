import type { UserDto } from "@/contracts/dto";

/**
 * The server's lesson rule (server/services/courses/lesson-access.ts): buyers, the course's own
 * instructor and admins watch every lesson; everyone else gets the first as a free preview.
 */
export function canWatchLesson(owned: boolean, user: UserDto | null, index: number, instructorId: string): boolean {
  if (owned) return true;
  if (user?.role === "admin" || user?.id === instructorId) return true;
  return index === 0;
}
