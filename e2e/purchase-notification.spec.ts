import type { Page } from "@playwright/test";
import { expect, expectConnected, STAFF_STATE, test, unownedCourse, unreadCount } from "./fixtures";

test("a learner's purchase reaches the admin live, and reading it clears the badge for good", { tag: STAFF_STATE }, async ({ loginAs, users }) => {
  const admin = await loginAs("admin");
  const learner = await users.learner();
  await expectConnected(admin.page);
  let before = await unreadCount(admin.page);
  const course = await unownedCourse(learner);

  // The learner buys through the UI.
  await learner.page.goto(`/courses/${course.id}`);
  const buy = learner.page.getByTestId("buy-button");
  await expect(buy).toHaveAccessibleName(/Buy for/);
  await buy.click();
  await expect(learner.page.getByTestId("owned-badge")).toBeVisible();
  await expect(learner.page.getByRole("link", { name: "Go to lessons" })).toBeVisible();

  // The admin, without reloading, gets a toast and one more unread notification.
  const { page } = admin;
  await expect(page.getByTestId("notification-toast").filter({ hasText: course.title })).toBeVisible();
  await expect(page.getByTestId("notification-badge")).toHaveText(String(before + 1));

  // Newest first: the purchase is on top (grouped with earlier unread purchases of that course, if
  // any); the whole row is the link to the dashboard, and opening it marks the group read.
  await page.goto("/");
  await page.getByTestId("notification-bell").click();
  const panel = page.getByTestId("notification-panel");
  await expect(panel).toBeVisible();
  const newest = panel.getByTestId("notification-item").first();
  await expect(newest).toContainText(course.title);
  await expect(newest).toHaveAttribute("data-status", "unread");
  const grouped = Number(await newest.getAttribute("data-count"));
  const saved = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().includes("/api/notifications/"));
  await newest.click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(panel).toBeHidden();
  expect((await saved).ok()).toBe(true);
  before = Math.max(0, before + 1 - grouped);
  await expectBadge(page, before);
  await page.getByTestId("notification-bell").click();
  await expect(panel.getByTestId("notification-item").first()).toHaveAttribute("data-status", "read");

  // It stays read after a reload (the server persisted it).
  await page.reload();
  expect(await unreadCount(page)).toBe(before);
  await expectBadge(page, before);

  // The buyer, still on the same page (no reload), goes to the lessons: the course is fetched again
  // with signed video URLs, and a paid lesson plays.
  await learner.page.getByRole("link", { name: "Go to lessons" }).click();
  await learner.page.getByRole("link", { name: /Next lesson/ }).click();
  await expect(learner.page).toHaveURL(new RegExp(`/lessons/${course.lessons[1]?.id ?? "-"}$`));
  await learner.page.waitForFunction(() => {
    const v = document.querySelector<HTMLVideoElement>("[data-testid=lesson-video]");
    return v !== null && v.readyState >= 1 && v.duration > 0;
  });
});

async function expectBadge(page: Page, count: number) {
  const badge = page.getByTestId("notification-badge");
  if (count === 0) await expect(badge).toBeHidden();
  else await expect(badge).toHaveText(String(count));
}
