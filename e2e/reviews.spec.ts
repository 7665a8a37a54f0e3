import type { Page } from "@playwright/test";
import type { PostCommentResponse, PostReviewResponse, ReviewsResponse } from "../contracts/rest";
import { aCourse, expect, expectConnected, test } from "./fixtures";

async function readRating(page: Page): Promise<string> {
  const rating = page.getByTestId("course-rating");
  await expect(rating).toBeVisible();
  return (await rating.textContent()) ?? "";
}

test("a review posted in one browser appears at once, with the new average, on another browser's course page", async ({ loginAs, users, request }) => {
  // A brand-new buyer, so reruns never meet "already reviewed".
  const course = await aCourse(request);
  const learner = await users.learner({ buys: [course.id] });
  const admin = await loginAs("admin");

  // The admin watches the course page; it has joined the course room once the socket is up.
  await admin.page.goto(`/courses/${course.id}`);
  await expectConnected(admin.page);
  await readRating(admin.page);
  const before = (await admin.api(`/api/courses/${course.id}/reviews`)) as ReviewsResponse;
  const itemsBefore = await admin.page.getByTestId("review-item").count();

  // The learner reviews through the UI.
  const { page } = learner;
  await page.goto(`/courses/${course.id}`);
  const form = page.getByTestId("review-form");
  await expect(form).toBeVisible();
  await form.getByRole("button", { name: "Post review" }).click();
  await expect(form.getByRole("alert")).toHaveText("Pick a rating from 1 to 5 stars");
  await form.getByRole("radio", { name: /^4 stars/ }).check();
  await form.getByLabel("Your review").fill("Practical and clear — the live examples helped.");
  const posted = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith(`/api/courses/${course.id}/reviews`));
  await form.getByRole("button", { name: "Post review" }).click();
  const response = await posted;
  expect(response.status()).toBe(201);
  const body = (await response.json()) as PostReviewResponse;
  expect(body.reviewsCount).toBe(before.reviewsCount + 1);
  await expect(form).toBeHidden();
  await expect(page.getByTestId("review-item").first()).toContainText("Practical and clear");

  // The admin's page, without a reload: the review on top, the new average and count, once.
  const items = admin.page.getByTestId("review-item");
  await expect(items.first()).toContainText("Practical and clear");
  await expect(items.first()).toContainText(learner.name);
  await expect(items).toHaveCount(itemsBefore + 1);
  await expect(admin.page.getByTestId("course-rating")).toHaveText(body.averageRating.toFixed(1));
  await expect(admin.page.getByTestId("reviews-count")).toHaveText(`${String(body.reviewsCount)} reviews`);
  // The header's rating (the course query's cache) moved too.
  await expect(admin.page.getByTestId("rating").first()).toContainText(`Rated ${body.averageRating.toFixed(1)} out of 5 from ${String(body.reviewsCount)} reviews`);
});

test("a lesson question and its reply appear live for everyone on the lesson", async ({ loginAs, users, request }) => {
  const course = await aCourse(request);
  const lesson = course.lessons[1];
  if (!lesson) throw new Error("the course has no paid lesson");
  const learner = await users.learner({ buys: [course.id] });
  const url = `/courses/${course.id}/lessons/${lesson.id}`;
  const instructor = await loginAs("instructor", url);
  await learner.page.goto(url);
  await expectConnected(learner.page);
  await expectConnected(instructor.page);
  await expect(instructor.page.getByTestId("comment-form")).toBeVisible();

  const question = `How do rooms work? ${String(Date.now())}`;
  const ask = learner.page.getByTestId("comment-form");
  await ask.getByLabel("Ask a question").fill(question);
  const posted = learner.page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/comments"));
  await ask.getByRole("button", { name: "Ask" }).click();
  const { comment } = (await (await posted).json()) as PostCommentResponse;

  const thread = instructor.page.locator(".qa-thread").filter({ hasText: question });
  await expect(thread.getByTestId("comment-item")).toHaveCount(1);
  await thread.getByTestId("reply-form").getByRole("textbox").fill("Each lesson has its own room.");
  await thread.getByTestId("reply-form").getByRole("button", { name: "Reply" }).click();

  const learnerThread = learner.page.locator(".qa-thread").filter({ hasText: question });
  await expect(learnerThread.getByTestId("comment-item")).toHaveCount(2);
  await expect(learnerThread.getByTestId("comment-item").nth(1)).toContainText("Each lesson has its own room.");
  await expect(learner.page.getByTestId("notification-toast").filter({ hasText: "Each lesson has its own room." })).toBeVisible();
  expect(comment.parentId).toBeNull();
});
