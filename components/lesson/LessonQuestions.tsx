"use client";

import { useState, type SyntheticEvent } from "react";
import type { CommentDto, CourseDto, UserDto } from "@/contracts/dto";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useRoom } from "@/hooks/useRoom";
import { apiErrorMessage } from "@/lib/client/apiError";
import { formatRelative, initials, pluralize } from "@/lib/client/format";
import { useGetCommentsQuery, usePostCommentMutation } from "@/redux/features/comments/commentsApi";
import { toThreads } from "@/redux/features/reviews/reviewsCache";

/** Mirrors the server's rule: buyers, the course's instructor and admins take part; the preview lesson is readable by all. */
export function canPostQuestions(user: UserDto | null, course: CourseDto, owned: boolean): boolean {
  if (!user) return false;
  return owned || user.role === "admin" || course.instructor.id === user.id;
}

/** Live lesson Q&A (SPEC F8): questions newest first, each with its replies, ask and reply forms. */
export function LessonQuestions({ lessonId, canPost }: { lessonId: string; canPost: boolean }) {
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
        ? <CommentForm lessonId={lessonId} parentId={null} testId="comment-form" label="Ask a question" />
        : <p className="note">Buy the course to ask questions here.</p>}
      {isLoading && <p className="muted"><Spinner label="Loading questions" /> Loading questions…</p>}
      {isError && <ErrorState title="Couldn't load the questions" onRetry={() => void refetch()} />}
      {data && threads.length === 0 && <p className="muted">No questions yet.{canPost ? " Be the first to ask." : ""}</p>}
      <ul className="qa-list">
        {threads.map(({ question, replies }) => (
          <li key={question.id} className="card qa-thread">
            <CommentItem comment={question} />
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

function CommentItem({ comment }: { comment: CommentDto }) {
  return (
    <div className="qa-item" data-testid="comment-item">
      <span className="avatar" aria-hidden="true">{initials(comment.author.name)}</span>
      <div>
        <p className="qa-meta">
          <strong>{comment.author.name}</strong>
          {comment.author.role !== "learner" && <span className="chip chip-primary">{comment.author.role}</span>}
          <span className="muted"> · {formatRelative(comment.createdAt)}</span>
        </p>
        <p className="qa-text">{comment.text}</p>
      </div>
    </div>
  );
}

function CommentForm({ lessonId, parentId, testId, label, compact = false }: {
  lessonId: string; parentId: string | null; testId: string; label: string; compact?: boolean;
}) {
  const [text, setText] = useState("");
  const [postComment, { isLoading, error, reset }] = usePostCommentMutation();
  const id = `${testId}-${parentId ?? "new"}`;

  const onSubmit = async (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (text.trim() === "") return;
    try {
      await postComment({ lessonId, body: { text: text.trim(), parentId } }).unwrap();
      setText("");
    } catch {
      // shown below from the mutation state
    }
  };

  return (
    <form className={compact ? "qa-form qa-form-compact" : "qa-form"} data-testid={testId} onSubmit={(e) => void onSubmit(e)} aria-busy={isLoading}>
      <label htmlFor={id} className={compact ? "sr-only" : undefined}>{label}</label>
      <textarea id={id} className="textarea" maxLength={2000} value={text} disabled={isLoading} rows={compact ? 1 : 3}
        placeholder={compact ? "Write a reply…" : "What would you like to know about this lesson?"}
        onChange={(e) => { setText(e.target.value); if (error) reset(); }} />
      {error && <p className="form-error" role="alert">{apiErrorMessage(error, "Your post wasn't saved")}</p>}
      <div>
        <button type="submit" className={compact ? "btn btn-secondary btn-sm" : "btn btn-primary"} disabled={isLoading || text.trim() === ""}>
          {isLoading ? <><Spinner label="Posting" /> Posting…</> : compact ? "Reply" : "Ask"}
        </button>
      </div>
    </form>
  );
}
