"use client";

import Link from "next/link";
import { useCallback, useState, type ReactNode } from "react";
import { BuyButton } from "@/components/course/BuyButton";
import { LessonList } from "@/components/course/LessonList";
import { ChevronLeftIcon, ChevronRightIcon, LockIcon } from "@/components/ui/icons";
import { ErrorState } from "@/components/ui/states";
import { apiErrorStatus } from "@/lib/client/apiError";
import { canWatchLesson } from "@/lib/client/courseAccess";
import { formatDuration } from "@/lib/client/format";
import type { CourseResponse } from "@/contracts/rest";
import { useCourse } from "@/hooks/useCourse";
import { selectUser } from "@/redux/features/auth/authSlice";
import { useAppSelector } from "@/redux/hooks";
import { ActiveViewers } from "./ActiveViewers";
import { LessonQuestions, canPostQuestions } from "./LessonQuestions";
import { QuestionMarkers } from "./QuestionMarkers";
import { VideoPlayer } from "./VideoPlayer";

export function LessonPage({ courseId, lessonId, initial = null }: { courseId: string; lessonId: string; initial?: CourseResponse | null }) {
  const user = useAppSelector(selectUser);
  const { data, isLoading, isFetching, isError, error, refetch, personal } = useCourse(courseId, initial);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  // A question's timestamp or timeline mark: jump there and play, with the player in view.
  const seek = useCallback((t: number) => {
    if (!video) return;
    video.currentTime = t;
    video.scrollIntoView({ block: "nearest", behavior: "smooth" });
    void video.play().catch(() => undefined);
  }, [video]);

  if (!data && isLoading) return <LessonSkeleton />;
  if (isError || !data) {
    return apiErrorStatus(error) === 404
      ? <ErrorState title="Course not found" message="This lesson's course doesn't exist any more." />
      : <ErrorState title="Couldn't load this lesson" onRetry={() => void refetch()} />;
  }
  const { course, owned } = data;
  const index = course.lessons.findIndex((l) => l.id === lessonId);
  const lesson = course.lessons[index];
  if (!lesson) return <ErrorState title="Lesson not found" message="It may have been moved. Pick another lesson from the course page." />;
  const prev = course.lessons[index - 1];
  const next = course.lessons[index + 1];
  const href = (id: string) => `/courses/${course.id}/lessons/${id}`;
  const canWatch = (i: number) => canWatchLesson(owned, user, i, course.instructor.id);
  const readsQuestions = !!user && (canPostQuestions(user, course, owned) || index === 0);

  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/">Catalog</Link><span aria-hidden="true">/</span>
        <Link href={`/courses/${course.id}`}>{course.title}</Link><span aria-hidden="true">/</span>
        <span>Lesson {index + 1}</span>
      </nav>
      <div className="lesson-layout">
        <div>
          {lesson.videoUrl ? (
            <>
              <VideoPlayer lesson={lesson} videoUrl={lesson.videoUrl} onExpired={() => void refetch()}
                progressOf={user?.role === "learner" ? course.id : null} onVideo={setVideo} />
              {readsQuestions && <QuestionMarkers lessonId={lesson.id} duration={lesson.durationSec} onSeek={seek} />}
            </>
          ) : !personal || (canWatch(index) && isFetching) ? (
            <div className="skeleton" style={{ aspectRatio: "16 / 9", borderRadius: 14 }} role="status" aria-busy="true" aria-label="Loading the video" />
          ) : canWatch(index) && !user ? (
            <LockedPlayer title="Log in to watch this free preview" text="The first lesson of every course is free for signed-in users."
              href={`/login?next=${encodeURIComponent(href(lesson.id))}`} action="Log in" />
          ) : (
            <LockedPlayer title="This lesson is part of the full course" text="Buy the course to unlock every lesson."
              href={`/courses/${course.id}`} action="See the course"
              buy={!user || user.role === "learner" ? <BuyButton course={course} owned={owned} /> : undefined} />
          )}
          <div className="lesson-head">
            <div>
              <p className="eyebrow">Lesson {index + 1} of {course.lessons.length} · {formatDuration(lesson.durationSec)}</p>
              <h1>{lesson.title}</h1>
            </div>
            <div className="viewer-slot" data-testid="viewer-count-slot">
              {lesson.videoUrl && <ActiveViewers videoId={lesson.id} />}
            </div>
          </div>
          {lesson.description && <p className="prose muted" style={{ marginTop: 12 }}>{lesson.description}</p>}
          <div className="lesson-nav">
            {prev ? <Link className="btn btn-secondary" href={href(prev.id)} rel="prev"><ChevronLeftIcon size={16} /> Previous</Link> : <span />}
            {next && <Link className="btn btn-primary" href={href(next.id)} rel="next">Next lesson <ChevronRightIcon size={16} /></Link>}
          </div>
          {readsQuestions && (
            <LessonQuestions lessonId={lesson.id} canPost={canPostQuestions(user, course, owned)} video={video} onSeek={seek} />
          )}
        </div>
        <aside className="lesson-aside card" aria-label="Course lessons">
          <h2>{course.title}</h2>
          <LessonList course={course} canWatch={canWatch} currentId={lesson.id} />
        </aside>
      </div>
    </>
  );
}

/** The player's place for a lesson the viewer may not watch (the server sent no video URL). */
function LockedPlayer({ title, text, href, action, buy }: {
  title: string; text: string; href: string; action: string;
  /** Learners and visitors buy right here ("Buy for $59"), without a detour through the course page. */
  buy?: ReactNode;
}) {
  return (
    <div className="player" data-testid="lesson-locked">
      <div className="locked">
        <LockIcon size={32} />
        <strong>{title}</strong>
        <p>{text}</p>
        {buy ? <div className="locked-buy">{buy}</div> : <Link href={href} className="btn btn-primary">{action}</Link>}
      </div>
    </div>
  );
}

function LessonSkeleton() {
  return (
    <div className="lesson-layout" aria-busy="true" aria-label="Loading lesson">
      <div><div className="skeleton" style={{ aspectRatio: "16 / 9", borderRadius: 14 }} /></div>
      <div className="skeleton" style={{ height: 320, borderRadius: 14 }} />
    </div>
  );
}
