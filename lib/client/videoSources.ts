/**
 * The <source> list for a lesson video. Local MP4s also offer their WebM twin, for Chromium
 * builds without an H.264 decoder; the browser plays the first it supports.
 */
export function videoSources(videoUrl: string): { src: string; type: string }[] {
  const isWebm = videoUrl.endsWith(".webm");
  const sources = [{ src: videoUrl, type: isWebm ? "video/webm" : "video/mp4" }];
  if (videoUrl.startsWith("/") && videoUrl.endsWith(".mp4")) {
    sources.push({ src: videoUrl.replace(/\.mp4$/, ".webm"), type: "video/webm" });
  }
  return sources;
}
