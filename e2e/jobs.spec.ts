import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { aCourse, expect, expectConnected, test } from "./fixtures";

/** Plays the lesson from near its end, so the player reports it complete (SPEC F13: 90 % or the end). */
async function watchToTheEnd(page: Page): Promise<void> {
  const video = page.getByTestId("lesson-video");
  await expect(video).toBeVisible();
  await page.waitForFunction(() => {
    const v = document.querySelector<HTMLVideoElement>("[data-testid=lesson-video]");
    return v !== null && v.readyState >= 1 && Number.isFinite(v.duration);
  });
  const completed = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().includes("/progress")
    && (r.request().postData() ?? "").includes('"completed":true'));
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    v.currentTime = Math.max(v.duration - 0.3, 0);
    void v.play();
  });
  expect((await completed).ok()).toBe(true);
}

test("a learner finishes a course by seeking, gets the certificate PDF and opens its verify page", async ({ users, request }) => {
  const course = await aCourse(request);
  const learner = await users.learner({ buys: [course.id], path: `/courses/${course.id}` });
  const { page } = learner;
  await expect(page.getByTestId("course-progress")).toContainText(`0 of ${course.lessons.length} lessons`);

  for (const lesson of course.lessons) {
    await page.goto(`/courses/${course.id}/lessons/${lesson.id}`);
    await watchToTheEnd(page);
  }

  await page.goto(`/courses/${course.id}`);
  await expect(page.getByTestId("course-progress")).toContainText("Completed · 100%");
  await expectConnected(page);
  await page.getByRole("button", { name: "Get your certificate" }).click();
  const download = page.getByTestId("job-download");
  await expect(download).toBeVisible({ timeout: 30_000 });
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toBe(`certificate-${course.slug}.pdf`);
  const pdf = await readFile(await file.path());
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");

  const verify = page.getByTestId("job-verify");
  const href = await verify.getAttribute("href");
  expect(href).toMatch(/\/certificates\/[A-Za-z0-9_-]+$/);
  await page.goto(href ?? "");
  await expect(page.getByTestId("certificate-valid")).toBeVisible();
  await expect(page.getByTestId("certificate-learner")).toHaveText(learner.name);
  await expect(page.getByTestId("certificate-course")).toHaveText(course.title);

  // My courses shows the finished course at 100 %.
  await page.goto("/my-courses");
  await expect(page.getByTestId("course-progress").first()).toContainText("100%");
});

test("an admin exports purchases to CSV and sees the progress, then the download", async ({ loginAs }) => {
  const { page } = await loginAs("admin", "/admin");
  const panel = page.getByTestId("export-purchases");
  await expect(panel).toBeVisible();
  await expectConnected(page);
  // The progress bar may be brief: record that it was shown at all.
  await page.evaluate(() => {
    const seen = { progress: false };
    (window as unknown as { __jobSeen: typeof seen }).__jobSeen = seen;
    new MutationObserver(() => {
      if (document.querySelector("[data-testid=job-progress] progress")) seen.progress = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await panel.getByRole("button", { name: "Export purchases" }).click();
  const download = panel.getByTestId("job-download");
  await expect(download).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { __jobSeen: { progress: boolean } }).__jobSeen.progress)).toBe(true);
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toMatch(/^purchases-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await file.path(), "utf8");
  expect(csv.split("\n")[0]).toBe("id,date,learner,email,course,price,currency");
});

test("the lesson player resumes where the learner stopped", async ({ users, request }) => {
  const course = await aCourse(request);
  const lesson = course.lessons[1];
  if (!lesson) throw new Error("the course has one lesson");
  const learner = await users.learner({ buys: [course.id] });
  await learner.api(`/api/lessons/${lesson.id}/progress`, { method: "PUT", data: { position: 3 } });
  await learner.page.goto(`/courses/${course.id}/lessons/${lesson.id}`);
  await expect.poll(() => learner.page.getByTestId("lesson-video").evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(1.5);
});
