"use client";

import { useEffect, useRef, type RefObject } from "react";
import { useGetCourseProgressQuery, useSaveLessonProgressMutation } from "@/redux/features/progress/progressApi";

/** At most one progress write per this many ms while playing (SPEC F13), plus one on pause, end and page hide. */
export const PROGRESS_EVERY_MS = 10_000;

/**
 * Reports where the learner is in the lesson's video and resumes it where they stopped: seeks to the
 * saved position once the video's metadata is known (unless the lesson is complete), then writes the
 * position while playing (throttled), on pause, at the end (complete) and when the page is hidden or
 * left (a keepalive request, which outlives the page).
 */
export function useLessonProgress(video: RefObject<HTMLVideoElement | null>, courseId: string, lessonId: string, enabled: boolean): void {
  const { data } = useGetCourseProgressQuery(courseId, { skip: !enabled });
  const [save] = useSaveLessonProgressMutation();
  const resumed = useRef<string | null>(null);
  const saved = data?.lessons.find((l) => l.lessonId === lessonId);
  const savedPosition = saved && !saved.completed ? saved.position : 0;
  const known = data !== undefined;

  // Resume once per lesson, when the saved position is known.
  useEffect(() => {
    const el = video.current;
    if (!enabled || !known || !el || resumed.current === lessonId) return undefined;
    resumed.current = lessonId;
    if (savedPosition <= 1) return undefined;
    const seek = () => {
      el.currentTime = Number.isFinite(el.duration) ? Math.min(savedPosition, Math.max(el.duration - 1, 0)) : savedPosition;
    };
    if (el.readyState >= 1) seek();
    else el.addEventListener("loadedmetadata", seek, { once: true });
    return () => {
      el.removeEventListener("loadedmetadata", seek);
    };
  }, [video, enabled, known, lessonId, savedPosition]);

  useEffect(() => {
    const el = video.current;
    if (!enabled || !el) return undefined;
    let lastSentAt = 0;
    let lastPosition = -1;
    const body = (completed?: boolean) => ({
      position: Math.max(0, el.currentTime),
      ...(Number.isFinite(el.duration) && el.duration > 0 ? { duration: el.duration } : {}),
      ...(completed ? { completed: true } : {}),
    });
    const send = (completed?: boolean) => {
      if (!completed && Math.abs(el.currentTime - lastPosition) < 0.5) return;
      lastSentAt = Date.now();
      lastPosition = el.currentTime;
      void save({ courseId, lessonId, ...body(completed) });
    };
    const onTime = () => {
      if (!el.paused && Date.now() - lastSentAt >= PROGRESS_EVERY_MS) send();
    };
    const onPause = () => {
      send();
    };
    const onEnded = () => {
      send(true);
    };
    const onHide = () => {
      if (Math.abs(el.currentTime - lastPosition) < 0.5) return;
      lastPosition = el.currentTime;
      // Survives the page: the session cookie authenticates it.
      void fetch(`/api/lessons/${encodeURIComponent(lessonId)}/progress`, {
        method: "PUT", keepalive: true, credentials: "same-origin",
        headers: { "content-type": "application/json" }, body: JSON.stringify(body()),
      }).catch(() => undefined);
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") onHide();
    };
    el.addEventListener("timeupdate", onTime);
    el.addEventListener("pause", onPause);
    el.addEventListener("ended", onEnded);
    window.addEventListener("pagehide", onHide);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      el.removeEventListener("timeupdate", onTime);
      el.removeEventListener("pause", onPause);
      el.removeEventListener("ended", onEnded);
      window.removeEventListener("pagehide", onHide);
      document.removeEventListener("visibilitychange", onVisibility);
      send(); // leaving the lesson (next lesson, another page)
    };
  }, [video, enabled, courseId, lessonId, save]);
}
