import { ErrorCode } from "@/contracts/errors";
import { videoPayload } from "@/contracts/schemas";
import { AppError, forbidden } from "../../errors";
import { mayFollowLesson } from "../../services/courses/lesson-access";
import type { Connection } from "../client-connection";
import { defineEvent, type ClientEventTable } from "../on-event";
import type { ViewerStore } from "../viewers";

/** How many videos one connection may watch at once (a lesson page shows one). */
const MAX_VIDEOS_PER_CONNECTION = 10;

/**
 * `watchingVideo` / `leaveVideo` (SPEC F7). A video id is a lesson id. Who may watch is the lesson
 * rule of `joinLesson` (`mayFollowLesson`): the course's members (buyers, its instructor, admins) any
 * lesson, anyone signed in the free preview (first) lesson; others are refused and not counted. The
 * videos a connection watches are its `{ video }` audiences: no other per-connection state.
 */
export const videoEvents = {
  watchingVideo: defineEvent({
    schema: videoPayload,
    rate: [10, 2],
    async handle({ videoId }, { conn, actor, state }) {
      if (!conn.isIn({ video: videoId })) {
        if (conn.videos().length >= MAX_VIDEOS_PER_CONNECTION) {
          throw new AppError(ErrorCode.BadRequest, `watch at most ${MAX_VIDEOS_PER_CONNECTION} videos at once`);
        }
        // unknown lesson: 404
        if (!(await mayFollowLesson(videoId, actor))) throw forbidden("buy the course to watch this lesson");
        if (!conn.connected) return { count: await state.viewers.count(videoId) };
        await conn.join({ video: videoId });
      }
      return { count: await state.viewers.join(videoId, actor.userId, conn.id) };
    },
  }),
  leaveVideo: defineEvent({
    schema: videoPayload,
    rate: [10, 2],
    async handle({ videoId }, { conn, actor, state }) {
      if (!conn.isIn({ video: videoId })) return null;
      await conn.leave({ video: videoId });
      await state.viewers.leave(videoId, actor.userId, conn.id);
      return null;
    },
  }),
} satisfies Partial<ClientEventTable>;

/** Connection state recovery restores audiences: count a recovered connection again for what it watched. */
export function recountRecoveredViewer(conn: Connection, viewers: ViewerStore): void {
  for (const videoId of conn.videos()) void viewers.join(videoId, conn.actor.userId, conn.id);
}

/** When a connection ends (Socket.IO: on `disconnecting`, while it still has its rooms): it watches nothing any more. */
export function leaveAllVideos(conn: Connection, viewers: ViewerStore): void {
  viewers.leaveAll(conn.videos(), conn.actor.userId, conn.id);
}
