import { expect, expectConnected, STAFF_STATE, test, unownedCourse, unreadCount } from "./fixtures";

test("an admin announcement is acknowledged and reaches a learner live", { tag: STAFF_STATE }, async ({ loginAs, users }) => {
  const admin = await loginAs("admin", "/admin");
  const learner = await users.learner();
  await expectConnected(admin.page);
  await expectConnected(learner.page);
  const before = await unreadCount(learner.page);

  const title = `Maintenance ${Date.now()}`;
  const form = admin.page.getByTestId("announcement-form");
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Message").fill("The platform restarts at 22:00 UTC for five minutes.");
  await form.getByRole("button", { name: "Send announcement" }).click();
  await expect(admin.page.getByTestId("announcement-result")).toContainText(/Sent — delivered to \d+/);

  await expect(learner.page.getByTestId("notification-toast").filter({ hasText: title })).toBeVisible();
  await expect(learner.page.getByTestId("notification-badge")).toHaveText(String(before + 1));
});

test("with two tabs open a notification toasts once, and reading in one tab clears the other", { tag: STAFF_STATE }, async ({ loginAs, users }) => {
  const admin = await loginAs("admin");
  const tabA = admin.page;
  const tabB = await admin.context.newPage();
  await tabB.goto("/");
  await expectConnected(tabA);
  await expectConnected(tabB);
  const before = await unreadCount(tabB);

  const learner = await users.learner();
  const course = await unownedCourse(learner);
  await learner.api(`/api/courses/${course.id}/purchase`, { method: "POST" });

  for (const tab of [tabA, tabB]) await expect(tab.getByTestId("notification-badge")).toHaveText(String(before + 1));
  const toasts = (tab: typeof tabA) => tab.getByTestId("notification-toast").filter({ hasText: course.title });
  await expect.poll(async () => (await toasts(tabA).count()) + (await toasts(tabB).count())).toBe(1);
  await tabA.waitForTimeout(1000); // a late duplicate would show up by now
  expect((await toasts(tabA).count()) + (await toasts(tabB).count())).toBe(1);

  await tabA.getByTestId("notification-bell").click();
  await tabA.getByRole("button", { name: "Mark all read" }).click();
  await expect(tabA.getByTestId("notification-badge")).toBeHidden();
  await expect(tabB.getByTestId("notification-badge")).toBeHidden();
});

test("the connection pill follows the network, and missed notifications arrive after reconnecting", { tag: STAFF_STATE }, async ({ loginAs, users }) => {
  const admin = await loginAs("admin");
  const pill = admin.page.getByTestId("connection-status");
  await expectConnected(admin.page);
  const before = await unreadCount(admin.page);

  await admin.context.setOffline(true);
  await expect(pill).toHaveAttribute("data-status", "offline");
  await expect(pill).toContainText("Offline");

  const learner = await users.learner();
  const course = await unownedCourse(learner);
  await learner.api(`/api/courses/${course.id}/purchase`, { method: "POST" });

  await admin.context.setOffline(false);
  await expectConnected(admin.page);
  await expect(admin.page.getByTestId("notification-badge")).toHaveText(String(before + 1));
});
