import type { ConversationsResponse, MyCoursesResponse } from "../contracts/rest";
import { aCourse, expect, expectConnected, STAFF_STATE, test, unownedCourse } from "./fixtures";

test("a course page arrives rendered with its course and its own title; a visitor's load asks nothing of /api/auth/refresh", async ({ page, request }) => {
  const course = await aCourse(request);
  const html = await (await request.get(`/courses/${course.id}`)).text();
  expect(html).toContain(`<title>${course.title} · LearnLive</title>`);
  expect(html).toContain(course.summary);
  expect(html).toContain(course.lessons[0]?.title ?? "-");

  const refreshes: string[] = [];
  page.on("request", (r) => { if (r.url().includes("/api/auth/refresh")) refreshes.push(r.url()); });
  await page.goto(`/courses/${course.id}`);
  await expect(page.getByRole("heading", { level: 1, name: course.title })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Log in", exact: true })).toBeVisible();
  await page.goto("/");
  await expect(page.getByTestId("course-card").first()).toBeVisible();
  expect(refreshes).toEqual([]);
});

test("a signed-in user whose server cannot be reached is told so, not asked to log in, and gets in when it answers", async ({ users }) => {
  const learner = await users.learner({ path: "/my-courses" });
  const { page } = learner;
  await page.route("**/api/auth/refresh", (route) => route.abort("connectionrefused"));
  await page.reload();
  await expect(page.getByTestId("server-unreachable")).toContainText("Can't reach the server, retrying");
  await expect(page.getByText("Please log in")).toHaveCount(0);
  await page.unroute("**/api/auth/refresh");
  await expect(page.getByTestId("user-menu")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1, name: "My courses" })).toBeVisible();
});

test("keyboard: the skip link shows on focus and jumps to the content; Escape closes the account menu and returns focus", async ({ users }) => {
  const { page } = await users.learner();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  const box = await skip.boundingBox();
  expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
  expect(box?.height ?? 0).toBeGreaterThan(20);
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();

  const menu = page.getByTestId("user-menu");
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await page.getByRole("link", { name: "My courses" }).last().focus();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
});

test("a locked lesson offers to buy the course in place, and buying plays it", async ({ users }) => {
  const learner = await users.learner();
  const course = await unownedCourse(learner);
  const lesson = course.lessons[1];
  if (!lesson) throw new Error("no paid lesson");
  await learner.page.goto(`/courses/${course.id}/lessons/${lesson.id}`);
  const locked = learner.page.getByTestId("lesson-locked");
  const buy = locked.getByTestId("buy-button");
  await expect(buy).toHaveText(/^Buy for \$\d+/);
  await buy.click();
  await expect(learner.page.getByTestId("lesson-video")).toBeVisible();
});

test("the floating chat takes focus, Escape minimises it; the thread shows a day divider and groups a run", { tag: STAFF_STATE }, async ({ users, request, loginAs }) => {
  const course = await aCourse(request);
  const learner = await users.learner({ buys: [course.id] });
  const { page } = learner;
  await page.goto(`/courses/${course.id}`);
  await expectConnected(page);
  await page.getByRole("button", { name: "Message instructor" }).click();
  const room = page.getByTestId("chat-window");
  await expect(room.getByTestId("chat-input")).toBeFocused();
  for (const text of ["First line", "Second line"]) {
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
  }
  const messages = room.getByTestId("chat-message");
  await expect(messages.nth(1)).toHaveAttribute("data-status", /sent|delivered|read/);
  await expect(room.getByTestId("chat-day")).toHaveText("Today");
  await expect(messages.nth(0)).toHaveAttribute("data-run-end", "false");
  await expect(messages.nth(1)).toHaveAttribute("data-run-end", "true");
  await page.keyboard.press("Escape");
  await expect(room).toHaveAttribute("data-minimised", "true");
  await expect(room.getByRole("button", { name: "Expand chat" })).toBeFocused();

  // The instructor opens the conversation: the "New messages" line sits above the unread ones, and a
  // new message of that conversation raises no toast while it is on screen.
  const { conversations } = (await learner.api("/api/conversations")) as ConversationsResponse;
  const conversation = conversations[0];
  if (!conversation) throw new Error("no conversation");
  const instructor = await loginAs("instructor", `/messages/${conversation.id}`);
  await expectConnected(instructor.page);
  const thread = instructor.page.getByTestId("chat-window");
  await expect(thread.getByTestId("chat-unread-line")).toBeVisible();
  await expect(thread.getByRole("heading", { level: 1 })).toHaveText(learner.name);
  await room.getByRole("button", { name: "Expand chat" }).click();
  await room.getByTestId("chat-input").fill("Third line, while you are here");
  await room.getByTestId("chat-input").press("Enter");
  await expect(thread.getByTestId("chat-message").filter({ hasText: "Third line" })).toBeVisible();
  await instructor.page.waitForTimeout(1000);
  await expect(instructor.page.getByTestId("notification-toast")).toHaveCount(0);
});

test("notifications: a new question reaches the instructor; the row opens the lesson and reads it; /notifications filters and marks all read", { tag: STAFF_STATE }, async ({ users, loginAs }) => {
  const learner = await users.learner();
  const course = await unownedCourse(learner);
  await learner.api(`/api/courses/${course.id}/purchase`, { method: "POST" });
  const { courses } = (await learner.api("/api/me/courses")) as MyCoursesResponse;
  const lesson = courses.find((c) => c.id === course.id)?.lessons[1];
  if (!lesson) throw new Error("no lesson");
  const instructor = await loginAs("instructor");
  await expectConnected(instructor.page);
  const question = `Is there homework? ${String(Date.now())}`;
  await learner.api(`/api/lessons/${lesson.id}/comments`, { method: "POST", data: { text: question } });

  const { page } = instructor;
  const toast = page.getByTestId("notification-toast").filter({ hasText: question });
  await expect(toast).toBeVisible();
  await page.getByTestId("notification-bell").click();
  const row = page.getByTestId("notification-panel").getByTestId("notification-item").filter({ hasText: question });
  await expect(row).toHaveAttribute("data-status", "unread");
  await row.click();
  await expect(page).toHaveURL(new RegExp(`/lessons/${lesson.id}$`));
  await expect(page.getByTestId("comment-item").filter({ hasText: question })).toBeVisible();

  await page.goto("/notifications");
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const history = page.getByTestId("notification-history");
  await expect(history.getByTestId("notification-item").filter({ hasText: question })).toHaveAttribute("data-status", "read");
  await page.getByTestId("notification-filter-unread").click();
  await expect(history.getByTestId("notification-item").filter({ hasText: question })).toHaveCount(0);
  const markAll = page.getByRole("button", { name: "Mark all read" });
  if (await markAll.isEnabled()) await markAll.click();
  await expect(page.getByText("No unread notifications")).toBeVisible();
  await expect(page.getByTestId("notification-badge")).toBeHidden();
});

test("a question asked at a moment of the video shows its timestamp and a timeline mark, both seeking the player", async ({ users, request }) => {
  const course = await aCourse(request);
  const lesson = course.lessons[2];
  if (!lesson) throw new Error("no lesson");
  const learner = await users.learner({ buys: [course.id] });
  const { page } = learner;
  await page.goto(`/courses/${course.id}/lessons/${lesson.id}`);
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>("[data-testid=lesson-video]")?.readyState ?? 0) >= 1);
  await page.getByTestId("lesson-video").evaluate((v: HTMLVideoElement) => { v.currentTime = 7; });
  const form = page.getByTestId("comment-form");
  await form.getByRole("textbox").focus();
  await expect(form.getByTestId("ask-about")).toHaveText("Ask about 0:07");
  const text = `What is this colour bar? ${String(Date.now())}`;
  await form.getByRole("textbox").fill(text);
  await form.getByRole("button", { name: "Ask" }).click();
  const item = page.getByTestId("comment-item").filter({ hasText: text });
  await expect(item.getByTestId("question-time")).toHaveText("0:07");
  await expect(page.getByTestId("question-marker")).toHaveCount(1);

  await page.getByTestId("lesson-video").evaluate((v: HTMLVideoElement) => { v.pause(); v.currentTime = 1; });
  await item.getByTestId("question-time").click();
  await expect.poll(() => page.getByTestId("lesson-video").evaluate((v: HTMLVideoElement) => Math.floor(v.currentTime))).toBeGreaterThanOrEqual(7);
});

test("back after an hour: one 'While you were away' card with what happened, each a link, shown once", { tag: STAFF_STATE }, async ({ users, loginAs, request }) => {
  const course = await aCourse(request);
  const lesson = course.lessons[1];
  if (!lesson) throw new Error("no lesson");
  const learner = await users.learner({ buys: [course.id] });
  const { comment } = (await learner.api(`/api/lessons/${lesson.id}/comments`, { method: "POST", data: { text: "Does this work offline?" } })) as { comment: { id: string } };
  // The learner's last visit was two hours ago (planted once, before the app's scripts run, in a new
  // tab: closing or reloading a tab records a visit); meanwhile the instructor answered.
  const userId = learner.user.id;
  await learner.page.close();
  const instructor = await loginAs("instructor");
  await instructor.api(`/api/lessons/${lesson.id}/comments`, { method: "POST", data: { text: "Yes, once loaded.", parentId: comment.id } });
  const page = await learner.context.newPage();
  await page.addInitScript((id) => {
    if (sessionStorage.getItem("planted")) return;
    sessionStorage.setItem("planted", "1");
    localStorage.setItem(`learnlive:last-seen:${id}`, String(Date.now() - 2 * 3600_000));
  }, userId);
  await page.goto("/");
  const card = page.getByTestId("away-digest");
  await expect(card).toBeVisible();
  const link = card.getByRole("link", { name: /New reply to your question/ });
  await expect(link).toHaveAttribute("href", `/courses/${course.id}/lessons/${lesson.id}`);
  await page.reload();
  await expect(page.getByTestId("user-menu")).toBeVisible();
  await page.waitForTimeout(1000);
  await expect(page.getByTestId("away-digest")).toHaveCount(0);
});
