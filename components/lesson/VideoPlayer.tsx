import type { LessonDto } from "@/contracts/dto";
import { videoSources } from "@/lib/client/videoSources";

export function VideoPlayer({ lesson }: { lesson: LessonDto }) {
  return (
    <div className="player">
      {/* key: a new lesson gets a fresh element, so the browser reloads the sources */}
      <video key={lesson.id} controls preload="metadata" playsInline data-testid="lesson-video"
        aria-label={`Video: ${lesson.title}`}>
        {videoSources(lesson.videoUrl).map((s) => <source key={s.src} src={s.src} type={s.type} />)}
        Your browser can&apos;t play this video. <a href={lesson.videoUrl}>Download it</a> instead.
      </video>
    </div>
  );
}
