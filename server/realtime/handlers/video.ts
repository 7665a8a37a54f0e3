import { ErrorCode } from "@/contracts/errors";
import { videoPayload } from "@/contracts/schemas";
import { rooms } from "@/contracts/socket";
import { AppError, forbidden } from "../../errors";
import { mayFollowLesson } from "../../services/courses/lesson-access";
import { defineEvent } from "../on-event";
import type { AppSocket } from "../types";
import type { ViewerRegistry } from "../viewers";

/** How many videos one socket may watch at once (a lesson page shows one). */
const MAX_VIDEOS_PER_SOCKET = 10;
const videoRoomPrefix = rooms.video("");

/** The videos a socket watches are its `video:<id>` rooms: no other per-socket state. */
function videosOf(socket: AppSocket): string[] {
  const ids: string[] = [];
  for (const room of socket.rooms) if (room.startsWith(videoRoomPrefix)) ids.push(room.slice(videoRoomPrefix.length));
  return ids;
}

/**
 * `watchingVideo` / `leaveVideo` (SPEC F7). A video id is a lesson id. Who may watch is the lesson
 * rule of `joinLesson` (`mayFollowLesson`): the course's members (buyers, its instructor, admins) any
 * lesson, anyone signed in the free preview (first) lesson; others are refused and not counted.
 */
export const videoEvents = {
  watchingVideo: defineEvent({
    schema: videoPayload,
    rate: [10, 2],
    async handle({ videoId }, { socket, actor, state }) {
      if (!socket.rooms.has(rooms.video(videoId))) {
        if (videosOf(socket).length >= MAX_VIDEOS_PER_SOCKET) {
          throw new AppError(ErrorCode.BadRequest, `watch at most ${MAX_VIDEOS_PER_SOCKET} videos at once`);
        }
        // unknown lesson: 404
        if (!(await mayFollowLesson(videoId, actor))) throw forbidden("buy the course to watch this lesson");
        if (!socket.connected) return { count: state.viewers.count(videoId) };
        await socket.join(rooms.video(videoId));
      }
      return { count: state.viewers.join(videoId, socket.data.userId, socket.id) };
    },
  }),
  leaveVideo: defineEvent({
    schema: videoPayload,
    rate: [10, 2],
    async handle({ videoId }, { socket, state }) {
      if (!socket.rooms.has(rooms.video(videoId))) return null;
      await socket.leave(rooms.video(videoId));
      state.viewers.leave(videoId, socket.data.userId, socket.id);
      return null;
    },
  }),
};

/** Connection state recovery restores rooms: count a recovered socket again for what it watched. */
export function recountRecoveredViewer(socket: AppSocket, viewers: ViewerRegistry): void {
  for (const videoId of videosOf(socket)) viewers.join(videoId, socket.data.userId, socket.id);
}

/** On `disconnecting` (the socket still has its rooms): it watches nothing any more. */
export function leaveAllVideos(socket: AppSocket, viewers: ViewerRegistry): void {
  viewers.leaveAll(videosOf(socket), socket.data.userId, socket.id);
}
