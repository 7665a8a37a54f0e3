import Link from "next/link";
import type { CourseDto } from "@/contracts/dto";
import { LockIcon, PlayIcon } from "@/components/ui/icons";
import { formatDuration } from "@/lib/client/format";

/** Lessons of a course; `canWatch` decides which rows link to the player. */
export function LessonList({ course, canWatch, currentId }: {
  course: CourseDto;
  canWatch: (index: number) => boolean;
  currentId?: string;
}) {
  return (
    <ol className="lesson-list" aria-label="Lessons">
      {course.lessons.map((lesson, index) => {
        const open = canWatch(index);
        const content = (
          <>
            <span className="lesson-num">{index + 1}</span>
            <span className="lesson-title">{lesson.title}</span>
            <span className="lesson-side">
              {index === 0 && !canWatch(1) && <span className="chip chip-primary">Preview</span>}
              {formatDuration(lesson.durationSec)}
              {open ? <PlayIcon size={16} /> : <LockIcon size={16} aria-label="Locked" />}
            </span>
          </>
        );
        return (
          <li key={lesson.id}>
            {open ? (
              <Link className="lesson-row" href={`/courses/${course.id}/lessons/${lesson.id}`}
                aria-current={lesson.id === currentId ? "page" : undefined}>
                {content}
              </Link>
            ) : (
              <div className="lesson-row">{content}</div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
