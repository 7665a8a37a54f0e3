"use client";

import { useState, type SyntheticEvent } from "react";
import type { CommentDto, CourseDto, UserDto } from "@/contracts/dto";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useRoom } from "@/hooks/useRoom";
import { apiErrorMessage } from "@/lib/client/apiError";
import { formatDuration, formatRelative, initials, pluralize } from "@/lib/client/format";
import { useGetCommentsQuery, usePostCommentMutation } from "@/redux/features/comments/commentsApi";
import { toThreads } from "@/redux/features/reviews/reviewsCache";

/** Mirrors the server's rule: buyers, the course's instructor and admins take part; the preview lesson is readable by all. */
export function canPostQuestions(user: UserDto | null, course: CourseDto, owned: boolean): boolean {
  if (!user) return false;
  return owned || user.role === "admin" || course.instructor.id === user.id;
}

/** Live lesson Q&A (SPEC F8): questions newest first, each with its replies, ask and reply forms. */
export function LessonQuestions({ lessonId, canPost, video = null, onSeek }: {
  lessonId: string;
  canPost: boolean;
  /** The lesson's player, to offer "Ask about 3:12" from its position. */
  video?: HTMLVideoElement | null;
  /** Seeks the player to a question's moment. */
  onSeek?: (t: number) => void;
}) {
  const { data, isLoading, isError, refetch } = useGetCommentsQuery(lessonId);
  useRoom({ kind: "lesson", id: lessonId });
  const threads = data ? toThreads(data) : [];

  return (
    <section className="qa" aria-labelledby="qa-heading">
      <div className="section-title">
        <h2 id="qa-heading">Questions</h2>
        {data && <span className="muted">{pluralize(threads.length, "question")}</span>}
      </div>
      {canPost
        ? <CommentForm lessonId={lessonId} parentId={null} testId="comment-form" label="Ask a question" video={video} />
        : <p className="note">Buy the course to ask questions here.</p>}
      {isLoading && <p className="muted"><Spinner label="Loading questions" /> Loading questions…</p>}
      {isError && <ErrorState title="Couldn't load the questions" onRetry={() => void refetch()} />}
      {data && threads.length === 0 && <p className="muted">No questions yet.{canPost ? " Be the first to ask." : ""}</p>}
      <ul className="qa-list">
        {threads.map(({ question, replies }) => (
          <li key={question.id} className="card qa-thread">
            <CommentItem comment={question} onSeek={onSeek} />
            {replies.length > 0 && (
              <ul className="qa-replies" aria-label={`Replies to ${question.author.name}`}>
                {replies.map((r) => <li key={r.id}><CommentItem comment={r} /></li>)}
              </ul>
            )}
            {canPost && <CommentForm lessonId={lessonId} parentId={question.id} testId="reply-form" label="Reply" compact />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CommentItem({ comment, onSeek }: { comment: CommentDto; onSeek?: (t: number) => void }) {
  const at = comment.videoTime;
  return (
    <div className="qa-item" data-testid="comment-item">
      <span className="avatar" aria-hidden="true">{initials(comment.author.name)}</span>
      <div>
        <p className="qa-meta">
          <strong>{comment.author.name}</strong>
          {comment.author.role !== "learner" && <span className="chip chip-primary">{comment.author.role}</span>}
          <span className="muted"> · {formatRelative(comment.createdAt)}</span>
          {at != null && (
            <button type="button" className="qa-time" data-testid="question-time" disabled={!onSeek}
              onClick={() => { onSeek?.(at); }} aria-label={`Play the video from ${formatDuration(at)}`}>
              {formatDuration(at)}
            </button>
          )}
        </p>
        <p className="qa-text">{comment.text}</p>
      </div>
    </div>
  );
}

function CommentForm({ lessonId, parentId, testId, label, compact = false, video = null }: {
  lessonId: string; parentId: string | null; testId: string; label: string; compact?: boolean;
  video?: HTMLVideoElement | null;
}) {
  const [text, setText] = useState("");
  // "Ask about 3:12": the player's position when the learner starts writing, on by default.
  const [moment, setMoment] = useState<number | null>(null);
  const [anchored, setAnchored] = useState(true);
  const capture = () => {
    if (video && text === "" && video.currentTime >= 1) setMoment(Math.floor(video.currentTime));
  };
  const [postComment, { isLoading, error, reset }] = usePostCommentMutation();
  const id = `${testId}-${parentId ?? "new"}`;

  const onSubmit = async (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (text.trim() === "") return;
    try {
      const videoTime = parentId === null && anchored && moment !== null ? moment : null;
      await postComment({ lessonId, body: { text: text.trim(), parentId, videoTime } }).unwrap();
      setText("");
      setMoment(null);
    } catch {
      // shown below from the mutation state
    }
  };

  return (
    <form className={compact ? "qa-form qa-form-compact" : "qa-form"} data-testid={testId} onSubmit={(e) => void onSubmit(e)} aria-busy={isLoading}>
      <label htmlFor={id} className={compact ? "sr-only" : undefined}>{label}</label>
      <textarea id={id} className="textarea" maxLength={2000} value={text} disabled={isLoading} rows={compact ? 1 : 3}
        placeholder={compact ? "Write a reply…" : "What would you like to know about this lesson?"}
        onFocus={capture} onChange={(e) => { setText(e.target.value); if (error) reset(); }} />
      {moment !== null && (
        <label className="qa-anchor" data-testid="ask-about">
          <input type="checkbox" checked={anchored} onChange={(e) => { setAnchored(e.target.checked); }} />
          Ask about {formatDuration(moment)}
        </label>
      )}
      {error && <p className="form-error" role="alert">{apiErrorMessage(error, "Your post wasn't saved")}</p>}
      <div>
        <button type="submit" className={compact ? "btn btn-secondary btn-sm" : "btn btn-primary"} disabled={isLoading || text.trim() === ""}>
          {isLoading ? <><Spinner label="Posting" /> Posting…</> : compact ? "Reply" : "Ask"}
        </button>
      </div>
    </form>
  );
}
