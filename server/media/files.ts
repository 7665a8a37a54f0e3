import path from "node:path";
import { Types } from "mongoose";
import { Course, type CourseDoc } from "@/models/Course";
import { caches } from "../services/caches";
import { signedMediaUrl, type MediaFormat } from "./signed-urls";

/**
 * Lesson videos live outside `public/` (nothing serves them statically): in `MEDIA_DIR`, default
 * `media/` under the working directory (the repo root for `npm start`, `npm run dev` and the tests).
 * A lesson stores `videoUrl: "/media/<name>.mp4"`, which names a file there; any other value (an
 * external URL) is handed only to those who may watch, unsigned.
 */
export function mediaDir(): string {
  // turbopackIgnore: read at run time; the build should not trace (and copy) the project for it.
  return path.resolve(/*turbopackIgnore: true*/ process.env.MEDIA_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "media"));
}

const LOCAL = /^\/media\/([A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)\.(mp4|webm)$/;

/** A stored `videoUrl` naming one of our files: its base name and format; null for anything else. */
export function localVideo(videoUrl: string): { base: string; format: MediaFormat } | null {
  const m = LOCAL.exec(videoUrl);
  if (!m?.[1] || (m[2] !== "mp4" && m[2] !== "webm")) return null;
  return { base: m[1], format: m[2] };
}

/** What someone who may watch gets for a lesson: a signed URL for our files, else the stored URL. */
export function viewerVideoUrl(lesson: { _id: Types.ObjectId; videoUrl: string }, userId: string): string {
  const local = localVideo(lesson.videoUrl);
  return local ? signedMediaUrl(lesson._id.toString(), userId, local.format) : lesson.videoUrl;
}

/** The file for a local video in a format (the MP4's WebM twin shares its base name). */
export function mediaFile(video: { base: string }, format: MediaFormat): string {
  return path.join(/*turbopackIgnore: true*/ mediaDir(), `${video.base}.${format}`);
}

export const contentTypeOf: Record<MediaFormat, string> = { mp4: "video/mp4", webm: "video/webm" };

/** Lessons never move or change their video (courses are not edited): cached per process. */
const videos = caches.lessonVideos;

/** The stored `videoUrl` of a lesson; null for an unknown lesson. */
export function lessonVideoUrl(lessonId: string): Promise<string | null> {
  return videos().get(lessonId, async () => {
    const lid = new Types.ObjectId(lessonId);
    const course = (await Course.findOne({ "lessons._id": lid }, { lessons: 1 }).lean()) as Pick<
      CourseDoc,
      "lessons"
    > | null;
    return course?.lessons.find((l) => l._id.equals(lid))?.videoUrl ?? null;
  });
}
