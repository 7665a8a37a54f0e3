"use client";

import { useEffect, useRef } from "react";
import type { LessonDto } from "@/contracts/dto";
import { useLessonProgress } from "@/hooks/useLessonProgress";
import { videoSources, videoUrlExpiresAt } from "@/lib/client/videoSources";

/**
 * The lesson's `<video>`. `videoUrl` is a short-lived signed URL (the course DTO's): when it has
 * expired and the browser fails to load more of the video, `onExpired` fetches the course again, and
 * the new URL is loaded from where the viewer was. With `progressOf` (a learner's course), it resumes
 * where they stopped and reports progress (hooks/useLessonProgress.ts).
 */
export function VideoPlayer({ lesson, videoUrl, onExpired, progressOf, onVideo }: {
  lesson: LessonDto;
  videoUrl: string;
  onExpired: () => void;
  /** The course whose progress this lesson counts towards, for a learner; null for anyone else. */
  progressOf?: string | null;
  /** The element, for whoever seeks it or reads its position (lesson questions). */
  onVideo?: (video: HTMLVideoElement | null) => void;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useLessonProgress(ref, progressOf ?? "", lesson.id, Boolean(progressOf));
  useEffect(() => {
    onVideo?.(ref.current);
    return () => onVideo?.(null);
  }, [onVideo, lesson.id]);
  const resumeAt = useRef<{ time: number; playing: boolean } | null>(null);
  const expiredRef = useRef(onExpired);
  useEffect(() => {
    expiredRef.current = onExpired;
  }, [onExpired]);

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    // A fresh URL after an expired one: reload and go on from the same moment.
    const resume = resumeAt.current;
    if (resume) {
      resumeAt.current = null;
      const restore = () => {
        video.currentTime = resume.time;
        if (resume.playing) void video.play().catch(() => undefined);
      };
      video.addEventListener("loadedmetadata", restore, { once: true });
      video.load();
    }
    // Capture: a <source> that fails fires "error" on itself (it does not bubble), a failed fetch
    // during playback fires it on the video.
    const onError = () => {
      const exp = videoUrlExpiresAt(videoUrl);
      if (exp === null || exp > Date.now() || resumeAt.current) return;
      resumeAt.current = { time: video.currentTime, playing: !video.paused };
      expiredRef.current();
    };
    video.addEventListener("error", onError, true);
    return () => {
      video.removeEventListener("error", onError, true);
    };
  }, [videoUrl]);

  return (
    <div className="player">
      {/* key: a new lesson gets a fresh element, so the browser reloads the sources */}
      <video key={lesson.id} ref={ref} controls preload="metadata" playsInline data-testid="lesson-video"
        aria-label={`Video: ${lesson.title}`}>
        {videoSources(videoUrl).map((s) => <source key={s.type} src={s.src} type={s.type} />)}
        Your browser can&apos;t play this video. <a href={videoUrl} download>Download it</a> instead.
      </video>
    </div>
  );
}
