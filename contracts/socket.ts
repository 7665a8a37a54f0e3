import type { AckCallback } from "./ack";
import type { ConnectionAckPayload, JobProgressPayload, JobResultPayload, RegisterAck } from "./jobs";
import type { LiveMetrics } from "./metrics";
import type {
  CommentDto,
  MessageDto,
  MessageStatus,
  NotificationDto,
  PresenceStatus,
  PurchaseDto,
  ReviewDto,
  Role,
  UserStatusDto,
} from "./dto";
import type {
  AnnouncementPayload,
  ConversationPayload,
  MarkAsReadPayload,
  MessageDeliveredPayload,
  MessagePayload,
  TypingPayload,
} from "./schemas";

/** The one socket contract (SPEC "Socket contract"), shared by server handlers and client hooks. */

export interface ServerToClientEvents {
  newNotification: (notification: NotificationDto) => void;
  /** Reading in one tab clears the badge in all the user's tabs (SPEC F4). */
  notificationsRead: (payload: { ids: string[] | "all" }) => void;
  newMessage: (message: MessageDto) => void;
  messageStatus: (payload: { conversationId: string; messageIds: string[]; status: MessageStatus }) => void;
  typing: (payload: { conversationId: string; userId: string; isTyping: boolean }) => void;
  userStatusUpdate: (payload: UserStatusDto) => void;
  viewerCount: (payload: { videoId: string; count: number }) => void;
  newReview: (payload: { courseId: string; review: ReviewDto; averageRating: number; reviewsCount: number }) => void;
  newComment: (payload: { lessonId: string; comment: CommentDto }) => void;
  /** Admin dashboard: a purchase as it happens. */
  purchaseCreated: (purchase: PurchaseDto) => void;
  /** Sent before the server closes a socket on purpose (token expiry, shutdown). */
  sessionEnded: (payload: { reason: "token_expired" | "server_shutdown" | "logged_out" }) => void;

  // ---- Jobs (SPEC F13, seed 001; contracts/jobs.ts) ----
  /** Sent once on connect: `{ status: "success", socketId }`. */
  connection_ack: (payload: ConnectionAckPayload) => void;
  /** To the connections that registered the job. */
  jobProgress: (payload: JobProgressPayload) => void;
  /** To the connections that registered the job; again at once to one that registers it later. */
  jobResult: (payload: JobResultPayload) => void;
}

export interface ClientToServerEvents {
  /** Idempotent per `clientId`; the stored message is also sent as `newMessage` to every member's tabs (this one too). */
  message: (payload: MessagePayload, ack: AckCallback<MessageDto>) => void;
  /** `{ messageId }`: that message and every earlier one the caller received in its conversation; `{ conversationId }`: all. */
  markAsRead: (payload: MarkAsReadPayload, ack?: AckCallback<{ messageIds: string[] }>) => void;
  typing: (payload: TypingPayload) => void;
  /** Delivery receipts: the recipient's client got these `newMessage`s. Ack: the ids that moved to delivered. */
  messageDelivered: (payload: MessageDeliveredPayload, ack?: AckCallback<{ messageIds: string[] }>) => void;
  /** The chat window of a conversation is open in this tab (members only): joins `conversation:<id>`. */
  joinConversation: (payload: ConversationPayload, ack?: AckCallback<null>) => void;
  leaveConversation: (payload: ConversationPayload) => void;
  notification: (payload: AnnouncementPayload, ack: AckCallback<{ delivered: number }>) => void;
  userStatus: (active: boolean) => void;
  getUsersStatus: (userIds: string[], ack: AckCallback<UserStatusDto[]>) => void;
  watchingVideo: (payload: { videoId: string }, ack?: AckCallback<{ count: number }>) => void;
  leaveVideo: (payload: { videoId: string }) => void;
  joinCourse: (payload: { courseId: string }, ack?: AckCallback<null>) => void;
  leaveCourse: (payload: { courseId: string }) => void;
  joinLesson: (payload: { lessonId: string }, ack?: AckCallback<null>) => void;
  leaveLesson: (payload: { lessonId: string }) => void;

  // ---- Jobs (SPEC F13, seed 001; contracts/jobs.ts) ----
  /** Claims the job id for the caller (or finds it theirs) and follows it; pushes its progress or result at once. */
  register: (jobId: string, ack: (response: RegisterAck) => void) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  userId: string;
  role: Role;
  name: string;
  /** Seconds since epoch when the access token used for the handshake expires. */
  tokenExp: number;
  /** The session (refresh-token family) of the handshake token; logout closes its sockets. */
  sid?: string;
  presence?: PresenceStatus;
  /** The client's IP (server/http/client-ip.ts), set in the handshake; keys the per-IP limits. */
  ip?: string;
}

/** Room names, built in one place. */
export const rooms = {
  user: (id: string) => `user:${id}`,
  admin: "admin",
  video: (id: string) => `video:${id}`,
  course: (id: string) => `course:${id}`,
  lesson: (id: string) => `lesson:${id}`,
  conversation: (id: string) => `conversation:${id}`,
  /** The connections that registered a job (F13). */
  job: (id: string) => `job:${id}`,
} as const;

export const ADMIN_NAMESPACE = "/admin";

// --- Admin metrics (F10): merged into the maps above (TypeScript declaration merging) ---
export interface ServerToClientEvents {
  /** `/admin` namespace, once a second while an admin is connected, volatile: the live figures. */
  metrics: (payload: LiveMetrics) => void;
}
