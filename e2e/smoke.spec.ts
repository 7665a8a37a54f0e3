import type { CoursesResponse } from "../contracts/rest";
import { aCourse, expect, expectConnected, STAFF_STATE, test, unownedCourse } from "./fixtures";

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

test("a buyer's paid lesson plays a real video through a signed URL", async ({ users, request }) => {
  const course = await aCourse(request);
  const lesson = course.lessons[1]; // not the free preview
  if (!lesson) throw new Error("the course has no paid lesson");
  const learner = await users.learner({ buys: [course.id] });
  await learner.page.goto(`/courses/${course.id}/lessons/${lesson.id}`);
  const video = learner.page.getByTestId("lesson-video");
  await expect(video).toBeVisible();
  await learner.page.waitForFunction(() => {
    const v = document.querySelector<HTMLVideoElement>("[data-testid=lesson-video]");
    return v !== null && v.readyState >= 1 && v.duration > 0 && v.videoWidth > 0;
  });
  const src = await video.evaluate((v: HTMLVideoElement) => v.currentSrc);
  expect(src).toMatch(new RegExp(`/api/media/${lesson.id}\\?format=(mp4|webm)&u=${learner.user.id}&exp=\\d+&sig=`));
  // The signature is the credential: the URL alone plays (no cookie, no token), a tampered one does not.
  const anonymous = await learner.context.browser()?.newContext();
  if (!anonymous) throw new Error("no browser");
  const ranged = await anonymous.request.get(src, { headers: { range: "bytes=0-99" } });
  expect(ranged.status()).toBe(206);
  expect((await ranged.body()).length).toBe(100);
  expect((await anonymous.request.get(src.replace(/sig=./, "sig=_"))).status()).toBe(403);
  await anonymous.close();
  await expect(learner.page.getByRole("link", { name: /Next lesson/ })).toBeVisible();
});

test("an expired video URL is replaced: the player fetches the course again and plays", async ({ users, request }) => {
  const course = await aCourse(request);
  const lesson = course.lessons[1];
  if (!lesson) throw new Error("the course has no paid lesson");
  const learner = await users.learner({ buys: [course.id] });
  // The first course response carries URLs that expired a minute ago (so their signatures fail too).
  let served = 0;
  await learner.page.route(`**/api/courses/${course.id}`, async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    const past = String(Math.floor(Date.now() / 1000) - 60);
    await route.fulfill({ response, body: served++ === 0 ? body.replace(/exp=\d+/g, `exp=${past}`) : body });
  });
  await learner.page.goto(`/courses/${course.id}/lessons/${lesson.id}`);
  await learner.page.waitForFunction(() => {
    const v = document.querySelector<HTMLVideoElement>("[data-testid=lesson-video]");
    return v !== null && v.readyState >= 1 && v.duration > 0;
  });
  expect(served).toBeGreaterThanOrEqual(2);
  const src = await learner.page.getByTestId("lesson-video").evaluate((v: HTMLVideoElement) => v.currentSrc);
  expect(Number(/exp=(\d+)/.exec(src)?.[1]) * 1000).toBeGreaterThan(Date.now());
});

test("no video without the right: visitors are asked to log in for the preview, non-buyers see the lock", async ({ page, users }) => {
  const { courses } = (await (await page.request.get("/api/courses")).json()) as CoursesResponse;
  const course = courses[0];
  const preview = course?.lessons[0];
  const paid = course?.lessons[1];
  if (!course || !preview || !paid) throw new Error("the seed has no lessons");
  expect(courses.flatMap((c) => c.lessons).some((l) => l.videoUrl !== undefined)).toBe(false);

  await page.goto(`/courses/${course.id}/lessons/${preview.id}`);
  await expect(page.getByTestId("lesson-locked")).toContainText("Log in to watch this free preview");
  await expect(page.getByTestId("lesson-video")).toHaveCount(0);

  const learner = await users.learner();
  const unowned = await unownedCourse(learner);
  await learner.page.goto(`/courses/${unowned.id}/lessons/${unowned.lessons[1]?.id ?? ""}`);
  await expect(learner.page.getByTestId("lesson-locked")).toContainText("part of the full course");
  await expect(learner.page.getByTestId("lesson-video")).toHaveCount(0);
  // The free preview plays for anyone signed in.
  await learner.page.goto(`/courses/${unowned.id}/lessons/${unowned.lessons[0]?.id ?? ""}`);
  await learner.page.waitForFunction(() => {
    const v = document.querySelector<HTMLVideoElement>("[data-testid=lesson-video]");
    return v !== null && v.readyState >= 1 && v.duration > 0;
  });
  expect((await page.request.get("/media/sample.mp4")).status()).toBe(404);
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

test("logging in through the form restores the user menu and the live connection", async ({ page, users }) => {
  const account = await users.account();
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("user-menu")).toBeVisible();
  await expectConnected(page);
  await page.getByTestId("user-menu").click();
  await expect(page.getByTestId("user-role")).toHaveText("learner");
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
});

test("the admin dashboard shows a purchase the moment it happens", { tag: STAFF_STATE }, async ({ loginAs, users }) => {
  const admin = await loginAs("admin", "/admin");
  const learner = await users.learner();
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

test("non-admins see a 403 on the admin page", async ({ users }) => {
  const learner = await users.learner({ path: "/admin" });
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
