/** Data transfer objects: what the server sends. Ids are strings named `id`; never `_id`, hashes or tokens. */

export const Roles = ["learner", "instructor", "admin"] as const;
export type Role = (typeof Roles)[number];

export interface UserDto {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** A user as other people see them (no email). */
export interface PublicUserDto {
  id: string;
  name: string;
  role: Role;
}

export interface LessonDto {
  /** Also the `videoId` of the lesson's video (SPEC F7). */
  id: string;
  title: string;
  description: string;
  /**
   * Only in `GET /api/courses/:id`, and only for a caller who may watch this lesson (buyers, the
   * course's instructor, admins; anyone signed in for the free preview, the first lesson): a
   * short-lived signed URL (`/api/media/<id>?format=mp4&u=&exp=&sig=`, about 2 hours). Absent otherwise.
   */
  videoUrl?: string;
  durationSec: number;
  position: number;
}

export interface CourseDto {
  id: string;
  slug: string;
  title: string;
  summary: string;
  description: string;
  priceCents: number;
  currency: string;
  level: "beginner" | "intermediate" | "advanced";
  instructor: PublicUserDto;
  lessons: LessonDto[];
  averageRating: number;
  reviewsCount: number;
  createdAt: string;
}

export interface PurchaseDto {
  id: string;
  courseId: string;
  courseTitle: string;
  learner: PublicUserDto;
  priceCents: number;
  createdAt: string;
}

export const NotificationTypes = [
  "course_purchased",
  "new_review",
  "reply",
  "chat_message",
  "announcement",
  "new_question",
] as const;
export type NotificationType = (typeof NotificationTypes)[number];
export type NotificationStatus = "unread" | "read";

export interface NotificationDto {
  id: string;
  recipientId: string;
  title: string;
  message: string;
  type: NotificationType;
  link: string | null;
  status: NotificationStatus;
  createdAt: string;
}

export interface ReviewDto {
  id: string;
  courseId: string;
  author: PublicUserDto;
  rating: number;
  text: string;
  createdAt: string;
}

export interface CommentDto {
  id: string;
  lessonId: string;
  courseId: string;
  author: PublicUserDto;
  parentId: string | null;
  text: string;
  /** Seconds into the lesson's video the question is about (SPEC F8), or null. */
  videoTime?: number | null;
  createdAt: string;
}

export type MessageStatus = "sent" | "delivered" | "read";

export interface MessageDto {
  id: string;
  conversationId: string;
  senderId: string;
  /** On `newMessage` of a direct conversation: the other member (seed 002 places messages by sender and recipient). */
  recipientId?: string;
  clientId: string;
  content: string;
  status: MessageStatus;
  createdAt: string;
}

export interface ConversationDto {
  id: string;
  kind: "direct" | "support";
  participants: PublicUserDto[];
  lastMessage: MessageDto | null;
  unreadCount: number;
  updatedAt: string;
}

export type PresenceStatus = "online" | "away" | "offline";

export interface UserStatusDto {
  userId: string;
  status: PresenceStatus;
  lastSeenAt: string | null;
}

export interface AuthResponse {
  accessToken: string;
  user: UserDto;
}

export interface HealthDto {
  status: "ok" | "degraded";
  db: { state: "connected" | "connecting" | "disconnected"; kind: "embedded" | "external" };
  uptimeSec: number;
  /** With REDIS_URL (F11): which node answered, and whether its Redis connection is up. */
  cluster?: { node: string; redis: "connected" | "reconnecting" };
  /** Open realtime connections of this node by transport: Socket.IO clients and native `/ws` ones (F12). */
  connections: { socketio: number; native: number };
}
