import type { CoursesResponse } from "../contracts/rest";
import { ACCOUNTS, DEMO_PASSWORD, expect, expectConnected, test, unownedCourse } from "./fixtures";

test("the catalog lists the seeded courses and a course page shows its details", async ({ page }) => {
  await page.goto("/");
  const cards = page.getByTestId("course-card");
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThanOrEqual(3);

  const title = (await cards.first().getByRole("heading").textContent()) ?? "";
  await cards.first().click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("list", { name: "Lessons" }).getByRole("listitem").first()).toBeVisible();
  await expect(page.getByTestId("course-instructor")).not.toBeEmpty();
  // Visitors get a login prompt instead of a Buy button.
  await expect(page.getByRole("link", { name: "Log in to buy" })).toBeVisible();
  await expect(page.getByTestId("buy-button")).toHaveCount(0);
});

test("/courses, the parent of every course page, leads to the catalog", async ({ page }) => {
  await page.goto("/courses");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("course-card").first()).toBeVisible();
});

test("a lesson plays a real video", async ({ page, request }) => {
  const { courses } = (await (await request.get("/api/courses")).json()) as CoursesResponse;
  const course = courses[0];
  const lesson = course?.lessons[0];
  if (!course || !lesson) throw new Error("the seed has no lessons");
  await page.goto(`/courses/${course.id}/lessons/${lesson.id}`);
  const video = page.getByTestId("lesson-video");
  await expect(video).toBeVisible();
  await page.waitForFunction(() => {
    const v = document.querySelector<HTMLVideoElement>("[data-testid=lesson-video]");
    return v !== null && v.readyState >= 1 && v.videoWidth > 0;
  });
  expect(await video.evaluate((v: HTMLVideoElement) => v.currentSrc)).toMatch(/\/media\/sample\.(webm|mp4)$/);
  await expect(page.getByRole("link", { name: /Next lesson/ })).toBeVisible();
});

test("the dark mode toggle switches the theme and remembers it", async ({ page }) => {
  await page.goto("/");
  const html = page.locator("html");
  const initial = await html.getAttribute("data-theme");
  expect(initial === "light" || initial === "dark").toBe(true);
  const other = initial === "dark" ? "light" : "dark";
  await page.getByRole("button", { name: `Switch to ${other} theme` }).click();
  await expect(html).toHaveAttribute("data-theme", other);
  await page.reload();
  await expect(html).toHaveAttribute("data-theme", other);
});

test("logging in through the form restores the user menu and the live connection", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ACCOUNTS.learner2);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("user-menu")).toBeVisible();
  await expectConnected(page);
  await page.getByTestId("user-menu").click();
  await expect(page.getByTestId("user-role")).toHaveText("learner");
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
});

test("the admin dashboard shows a purchase the moment it happens", async ({ loginAs }) => {
  const admin = await loginAs("admin", "/admin");
  const learner = await loginAs("learner2");
  const feed = admin.page.getByTestId("purchase-feed");
  await expect(feed).toBeVisible();
  await expectConnected(admin.page);
  const before = await admin.page.getByTestId("purchase-item").count();

  const course = await unownedCourse(learner);
  await learner.api(`/api/courses/${course.id}/purchase`, { method: "POST" });

  const newest = admin.page.getByTestId("purchase-item").first();
  await expect(newest).toContainText(course.title);
  await expect(newest).toContainText(learner.user.name);
  await expect(admin.page.getByTestId("purchase-item")).toHaveCount(before + 1);
  await expect(admin.page.getByTestId("stat-purchases")).toContainText(String(before + 1));
});

test("non-admins see a 403 on the admin page", async ({ loginAs }) => {
  const learner = await loginAs("learner1", "/admin");
  await expect(learner.page.getByTestId("forbidden")).toContainText("403");
  await expect(learner.page.getByTestId("purchase-feed")).toHaveCount(0);
});

test("the catalog fits a 375px phone without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto("/");
  await expect(page.getByTestId("course-card").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
