/**
 * The <source> list for a lesson video. Our videos come as signed URLs
 * (`/api/media/<lessonId>?format=mp4&u=&exp=&sig=`); an MP4 also offers its WebM twin (the same
 * signature, `format=webm`), for Chromium builds without an H.264 decoder; the browser plays the
 * first it supports. A URL elsewhere is used as it is, typed by its extension.
 */
export function videoSources(videoUrl: string): { src: string; type: string }[] {
  const signed = /^\/api\/media\/[^/?]+\?/.exec(videoUrl);
  if (signed) {
    const url = new URL(videoUrl, "http://local.invalid");
    const format = url.searchParams.get("format") ?? "mp4";
    const sources = [{ src: videoUrl, type: format === "webm" ? "video/webm" : "video/mp4" }];
    if (format === "mp4") {
      url.searchParams.set("format", "webm");
      sources.push({ src: url.pathname + url.search, type: "video/webm" });
    }
    return sources;
  }
  const isWebm = (videoUrl.split(/[?#]/)[0] ?? "").endsWith(".webm");
  return [{ src: videoUrl, type: isWebm ? "video/webm" : "video/mp4" }];
}

/** When a signed video URL stops working (its `exp`, in ms); null for unsigned URLs. */
export function videoUrlExpiresAt(videoUrl: string): number | null {
  if (!videoUrl.startsWith("/api/media/")) return null;
  const exp = Number(new URL(videoUrl, "http://local.invalid").searchParams.get("exp"));
  return Number.isFinite(exp) && exp > 0 ? exp * 1000 : null;
}
