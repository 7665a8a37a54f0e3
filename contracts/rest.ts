/** Response bodies of the REST routes (SPEC "REST"), for clients. Errors are `ErrorResponse` (errors.ts). */
import type {
  AuthResponse,
  CommentDto,
  ConversationDto,
  CourseDto,
  MessageDto,
  NotificationDto,
  PurchaseDto,
  ReviewDto,
  UserDto,
} from "./dto";

/** POST /api/auth/register (201), /login, /refresh: also set the httpOnly cookies below. */
export type LoginResponse = AuthResponse;
/** GET /api/auth/me */
export interface MeResponse {
  user: UserDto;
}
/** POST /api/auth/logout */
export interface LogoutResponse {
  ok: true;
}
/**
 * GET /api/courses, or GET /api/courses?q=words: the courses whose title, summary, description or lesson
 * titles contain any of the words (stemmed: "design" finds "Designing"), best match first, at most 50.
 */
export interface CoursesResponse {
  courses: CourseDto[];
}
/** GET /api/courses/:id (id or slug); `owned` is true only with a valid token of a buyer. */
export interface CourseResponse {
  course: CourseDto;
  owned: boolean;
}
/** POST /api/courses/:id/purchase: 201 with created=true the first time, 200 with created=false after. */
export interface PurchaseResponse {
  purchase: PurchaseDto;
  created: boolean;
}
/** GET /api/me/courses */
export type MyCoursesResponse = CoursesResponse;
/** GET /api/notifications; `unreadCount` counts the caller's own unread ones. */
export interface NotificationsResponse {
  notifications: NotificationDto[];
  unreadCount: number;
  /**
   * How many of `unreadCount` are chat notices (`chat_message`). The bell shows the others: a chat
   * message is counted once, by the Messages badge (docs/ARCHITECTURE.md "One unread count per message").
   */
  unreadChatCount?: number;
}
/** PUT /api/notifications/:id */
export interface NotificationResponse {
  notification: NotificationDto;
}
/** PUT /api/notifications/read-all */
export interface ReadAllResponse {
  updated: number;
}
/** GET /api/admin/purchases (admins; newest first, at most 50) */
export interface AdminPurchasesResponse {
  purchases: PurchaseDto[];
}

/**
 * GET /api/conversations: the caller's conversations (admins: also every support conversation), newest
 * activity first, at most 100. `participants`: both users of a direct chat; for support, the requester
 * only (the admins as a group are the other side). `unreadCount`: messages the caller received, not read.
 */
export interface ConversationsResponse {
  conversations: ConversationDto[];
}
/**
 * GET /api/conversations/:id/messages?before=|after=<messageId>&limit=1..100 (default 30), and
 * GET /api/messages/history/:recipientId?before=&limit= (the caller's conversation with that user;
 * an admin id means the caller's support conversation). Members only: anyone else gets 404.
 *
 * `messages` are always in chronological order (oldest first) within a page.
 * - no cursor or `before`: the newest page (older than `before`); `nextCursor` is the id to pass as
 *   `before` for the next older page, or null when there is none.
 * - `after` (resync after a reconnect, SPEC F9): the oldest messages newer than `after`; `nextCursor`
 *   is the id to pass as `after` for the rest, or null when the client is up to date.
 */
export interface MessagesPageResponse {
  messages: MessageDto[];
  nextCursor: string | null;
}

/** Cookie names (both httpOnly, SameSite=Lax; Secure in production). */
export const SessionCookies = {
  /** The access JWT, path `/`, lives as long as the token (~15 min): lets the browser's socket handshake authenticate. */
  access: "access_token",
  /** The opaque refresh token, path `/api/auth`, ~30 days, rotated on every refresh. */
  refresh: "refresh_token",
  /**
   * "A refresh cookie may exist": path `/`, same lifetime as the refresh token, value `1`, no secret.
   * Pages read it on the server so an anonymous visit never asks /api/auth/refresh (and never logs a 401).
   */
  hint: "session_hint",
} as const;

/** GET /api/courses/:id/reviews?before=ISO&limit=1..50 (public): newest first, with the course's current average. */
export interface ReviewsResponse {
  reviews: ReviewDto[];
  averageRating: number;
  reviewsCount: number;
}
/** POST /api/courses/:id/reviews `{ rating: 1..5, text }` (buyers only; once per course, else 409): 201. */
export interface PostReviewResponse {
  review: ReviewDto;
  averageRating: number;
  reviewsCount: number;
}
/**
 * GET /api/lessons/:id/comments (the course's buyers, its instructor, admins; the free preview lesson:
 * any signed-in user): oldest first; replies carry `parentId` (one level deep).
 */
export interface CommentsResponse {
  comments: CommentDto[];
}
/** POST /api/lessons/:id/comments `{ text, parentId? }` (buyers, instructor, admins): 201. */
export interface PostCommentResponse {
  comment: CommentDto;
}
/**
 * GET /api/support (signed-in non-admins): whom to write to for support. A `message` to
 * `recipientId: agent.id` lands in the caller's support conversation, which every admin answers.
 */
export interface SupportContactResponse {
  agent: { id: string; name: string };
}

/** Request header through which server.ts hands the page's CSP script nonce to the root layout. */
export const NONCE_HEADER = "x-learnlive-nonce";
