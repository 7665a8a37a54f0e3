import type { NotificationDto } from "@/contracts/dto";

/** A purchase notification for user u1, created at 10:<minute> on 2026-01-01. */
export const note = (id: string, minute: number, status: NotificationDto["status"] = "unread"): NotificationDto => ({
  id,
  recipientId: "u1",
  title: `title ${id}`,
  message: "m",
  type: "course_purchased",
  link: null,
  status,
  createdAt: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
});
