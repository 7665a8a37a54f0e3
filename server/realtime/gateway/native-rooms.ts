import { ErrorCode, type ErrorBody } from "@/contracts/errors";
import { rooms, type ClientToServerEvents } from "@/contracts/socket";
import type { NativeSocket } from "./native-socket";

/**
 * Seed 004's `join-room` / `leave-room` with our room names: each maps to the contract event a
 * Socket.IO client sends for it, so who may join which room is decided by that event's handler
 * (handlers/*.ts), not by a copy of its rules here.
 */

type ClientEvent = keyof ClientToServerEvents;

const byPrefix: Readonly<Record<string, { join: ClientEvent; leave: ClientEvent; key: string }>> = {
  video: { join: "watchingVideo", leave: "leaveVideo", key: "videoId" },
  course: { join: "joinCourse", leave: "leaveCourse", key: "courseId" },
  lesson: { join: "joinLesson", leave: "leaveLesson", key: "lessonId" },
  conversation: { join: "joinConversation", leave: "leaveConversation", key: "conversationId" },
};

export const ROOM_KINDS = Object.keys(byPrefix);

export type RoomRequest =
  | { event: ClientEvent; payload: Record<string, string> }
  /** Nothing to do: a personal room the connection is in from the start. */
  | { event: null }
  | { error: ErrorBody };

const bad = (message: string): RoomRequest => ({ error: { code: ErrorCode.BadRequest, message } });

export function roomRequest(socket: NativeSocket, room: unknown, joining: boolean): RoomRequest {
  if (typeof room !== "string" || room.length === 0 || room.length > 200) return bad('"room" must be a room name such as "lesson:<id>"');
  const { userId, role } = socket.data;
  const personal = room === rooms.user(userId) || (room === rooms.admin && role === "admin");
  if (personal) return joining ? { event: null } : bad("personal rooms are kept for the whole connection");
  if (room === rooms.admin || room.startsWith(rooms.user(""))) {
    return { error: { code: ErrorCode.Forbidden, message: "that room is not yours" } };
  }
  const colon = room.indexOf(":");
  const spec = colon > 0 ? byPrefix[room.slice(0, colon)] : undefined;
  if (!spec || !Object.hasOwn(byPrefix, room.slice(0, colon))) {
    return bad(`unknown room "${room.slice(0, 64)}": rooms are ${ROOM_KINDS.map((k) => `${k}:<id>`).join(", ")}`);
  }
  return { event: joining ? spec.join : spec.leave, payload: { [spec.key]: room.slice(colon + 1) } };
}
