import { describe, expect, it } from "vitest";
import type { CommentDto, ReviewDto } from "@/contracts/dto";
import type { ReviewsResponse } from "@/contracts/rest";
import { applyRatingTo, applyReview, mergeComments, toThreads } from "@/redux/features/reviews/reviewsCache";

const author = { id: "u1", name: "Lena", role: "learner" as const };
const review = (id: string, createdAt: string): ReviewDto => ({ id, courseId: "c1", author, rating: 4, text: id, createdAt });
const comment = (id: string, createdAt: string, parentId: string | null = null): CommentDto => ({
  id, lessonId: "l1", courseId: "c1", author, parentId, text: id, createdAt,
});

describe("reviews cache", () => {
  it("adds a pushed review once, newest first, and takes the new average", () => {
    const list: ReviewsResponse = { reviews: [review("a", "2026-01-01T00:00:00.000Z")], averageRating: 4, reviewsCount: 1 };
    const push = { review: review("b", "2026-01-02T00:00:00.000Z"), averageRating: 4.5, reviewsCount: 2 };
    applyReview(list, push);
    applyReview(list, push); // the POST answer and the socket push of the same review
    expect(list.reviews.map((r) => r.id)).toEqual(["b", "a"]);
    expect(list).toMatchObject({ averageRating: 4.5, reviewsCount: 2 });
  });

  it("never moves the average back to an older figure", () => {
    const list: ReviewsResponse = { reviews: [], averageRating: 3.7, reviewsCount: 5 };
    applyReview(list, { review: review("x", "2026-01-01T00:00:00.000Z"), averageRating: 4, reviewsCount: 4 });
    expect(list).toMatchObject({ averageRating: 3.7, reviewsCount: 5 });
    expect(list.reviews).toHaveLength(1);
    const course = { averageRating: 3.7, reviewsCount: 5 };
    applyRatingTo(course, { averageRating: 4, reviewsCount: 4 });
    expect(course).toEqual({ averageRating: 3.7, reviewsCount: 5 });
    applyRatingTo(course, { averageRating: 3.8, reviewsCount: 6 });
    expect(course).toEqual({ averageRating: 3.8, reviewsCount: 6 });
  });
});

describe("comments cache", () => {
  it("merges by id, oldest first, and threads replies under their question (newest question first)", () => {
    const q1 = comment("q1", "2026-01-01T00:00:00.000Z");
    const q2 = comment("q2", "2026-01-01T00:02:00.000Z");
    const r1 = comment("r1", "2026-01-01T00:01:00.000Z", "q1");
    const merged = mergeComments([q1, r1], [q2, r1]);
    expect(merged.map((c) => c.id)).toEqual(["q1", "r1", "q2"]);
    expect(toThreads(merged)).toEqual([
      { question: q2, replies: [] },
      { question: q1, replies: [r1] },
    ]);
  });
});
