import { ErrorCode } from "@/contracts/errors";
import { AppError, forbidden, notFound } from "@/server/errors";
import { fileResponse } from "@/server/http/file-response";
import { route } from "@/server/http/route";
import { contentTypeOf, lessonVideoUrl, localVideo, mediaFile } from "@/server/media/files";
import { verifyMedia, type MediaFormat } from "@/server/media/signed-urls";

const refusals = {
  missing: "this video needs a signed link: open it from its lesson page",
  invalid: "this video link is not valid",
  expired: "this video link has expired: reload the lesson page for a fresh one",
} as const;

/**
 * A lesson's video through a signed URL (server/media/signed-urls.ts), with byte ranges.
 * `?format=mp4|webm` (default: the stored file's) picks the file or its WebM twin.
 * 403 without a valid, unexpired signature; 404 unknown lesson or no such file.
 */
const serve = route<{ lessonId: string }>({ auth: "none" }, async ({ req, params }) => {
  const { lessonId } = params;
  if (!/^[0-9a-f]{24}$/.test(lessonId)) throw notFound("lesson");
  const query = new URL(req.url).searchParams;
  const verdict = verifyMedia(lessonId, query);
  if (!verdict.ok) throw forbidden(refusals[verdict.reason]);
  const stored = await lessonVideoUrl(lessonId);
  if (stored === null) throw notFound("lesson");
  const video = localVideo(stored);
  if (!video) throw notFound("video file");
  const asked = query.get("format");
  if (asked !== null && asked !== "mp4" && asked !== "webm") throw new AppError(ErrorCode.BadRequest, "format must be mp4 or webm");
  const format: MediaFormat = asked ?? video.format;
  const maxAge = Math.max(0, verdict.exp - Math.floor(Date.now() / 1000));
  try {
    return await fileResponse(req, mediaFile(video, format), {
      contentType: contentTypeOf[format],
      cacheControl: `private, max-age=${String(maxAge)}`,
      fileName: `${video.base}.${format}`,
    });
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOENT") throw notFound("video file");
    throw e;
  }
});

export const GET = serve;
export const HEAD = serve;
