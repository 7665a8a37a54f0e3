import { Types } from "mongoose";
import { ErrorCode } from "@/contracts/errors";
import { videoPayload } from "@/contracts/schemas";
import { rooms } from "@/contracts/socket";
import { Course } from "@/models/Course";
import { AppError, notFound } from "../../errors";
import { onEvent } from "../on-event";
import type { AppSocket } from "../types";
import type { ViewerRegistry } from "../viewers";

/** How many videos one socket may watch at once (a lesson page shows one). */
const MAX_VIDEOS_PER_SOCKET = 10;
const videoRoomPrefix = rooms.video("");

/** `watchingVideo` / `leaveVideo` (SPEC F7). A video id is a lesson id. */
export function registerVideoHandlers(socket: AppSocket, viewers: ViewerRegistry): void {
  const watching = new Set<string>();
  // Connection state recovery restores rooms: count this socket again for videos it was watching.
  if (socket.recovered) {
    for (const room of socket.rooms) {
      if (!room.startsWith(videoRoomPrefix)) continue;
      const videoId = room.slice(videoRoomPrefix.length);
      watching.add(videoId);
      viewers.join(videoId, socket.data.userId, socket.id);
    }
  }

  onEvent(socket, "watchingVideo", { schema: videoPayload, rate: [10, 2] }, async ({ videoId }) => {
    if (!watching.has(videoId)) {
      if (watching.size >= MAX_VIDEOS_PER_SOCKET) {
        throw new AppError(ErrorCode.BadRequest, `watch at most ${MAX_VIDEOS_PER_SOCKET} videos at once`);
      }
      const exists = await Course.exists({ "lessons._id": new Types.ObjectId(videoId) });
      if (!exists) throw notFound("video");
      if (!socket.connected) return { count: viewers.count(videoId) };
      watching.add(videoId);
      await socket.join(rooms.video(videoId));
    }
    return { count: viewers.join(videoId, socket.data.userId, socket.id) };
  });

  onEvent(socket, "leaveVideo", { schema: videoPayload, rate: [10, 2] }, async ({ videoId }) => {
    if (!watching.delete(videoId)) return null;
    await socket.leave(rooms.video(videoId));
    viewers.leave(videoId, socket.data.userId, socket.id);
    return null;
  });

  socket.once("disconnect", () => {
    viewers.leaveAll(watching, socket.data.userId, socket.id);
    watching.clear();
  });
}
