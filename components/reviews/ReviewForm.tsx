"use client";

import { useState, type SyntheticEvent } from "react";
import { Spinner } from "@/components/ui/states";
import { apiErrorMessage } from "@/lib/client/apiError";
import { usePostReviewMutation } from "@/redux/features/reviews/reviewsApi";
import { StarRatingInput } from "./StarRatingInput";

/** A buyer's one review of a course: rating, text, submit with progress; failures say what failed. */
export function ReviewForm({ courseId }: { courseId: string }) {
  const [rating, setRating] = useState(0);
  const [text, setText] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const [postReview, { isLoading, error }] = usePostReviewMutation();

  const onSubmit = async (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    const problem = rating < 1 ? "Pick a rating from 1 to 5 stars" : text.trim() === "" ? "Write a few words about the course" : null;
    setLocalError(problem);
    if (problem) return;
    try {
      await postReview({ courseId, body: { rating, text: text.trim() } }).unwrap();
    } catch {
      // shown below from the mutation state
    }
  };

  const message = localError ?? (error ? apiErrorMessage(error, "Your review wasn't saved") : null);
  return (
    <form className="card card-pad review-form" data-testid="review-form" onSubmit={(e) => void onSubmit(e)} aria-busy={isLoading}>
      <h3>Rate this course</h3>
      <StarRatingInput value={rating} onChange={setRating} disabled={isLoading} />
      <div className="field">
        <label htmlFor="review-text">Your review</label>
        <textarea id="review-text" className="textarea" maxLength={2000} value={text} disabled={isLoading}
          placeholder="What did you learn? Who would you recommend it to?" onChange={(e) => { setText(e.target.value); }} />
      </div>
      {message && <p className="form-error" role="alert">{message}</p>}
      <div>
        <button type="submit" className="btn btn-primary" disabled={isLoading}>
          {isLoading ? <><Spinner label="Posting review" /> Posting…</> : "Post review"}
        </button>
      </div>
    </form>
  );
}
