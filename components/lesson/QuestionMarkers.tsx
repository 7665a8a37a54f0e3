"use client";

import { formatDuration } from "@/lib/client/format";
import { useGetCommentsQuery } from "@/redux/features/comments/commentsApi";

/**
 * A strip under the player with a mark where each question of this lesson was asked (its `videoTime`),
 * kept live by the comments cache (F8's `newComment`); a mark seeks the video there.
 */
export function QuestionMarkers({ lessonId, duration, onSeek }: { lessonId: string; duration: number; onSeek: (t: number) => void }) {
  const { data } = useGetCommentsQuery(lessonId);
  const marks = (data ?? []).filter((c) => c.parentId === null && c.videoTime != null && duration > 0);
  if (marks.length === 0) return null;
  return (
    <div className="question-markers" data-testid="question-markers" aria-label="Questions on the timeline" role="group">
      {marks.map((c) => {
        const t = c.videoTime ?? 0;
        return (
          <button key={c.id} type="button" className="question-marker" data-testid="question-marker"
            style={{ left: `${String(Math.min(100, (t / duration) * 100))}%` }}
            title={`${c.author.name} at ${formatDuration(t)}: ${c.text}`} onClick={() => { onSeek(t); }}>
            <span className="sr-only">Question at {formatDuration(t)} by {c.author.name}</span>
          </button>
        );
      })}
    </div>
  );
}
