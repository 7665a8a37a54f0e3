import { aCourse, expect, expectConnected, STAFF_STATE, test } from "./fixtures";

test("the instructor's dot follows them: online, away when their tab is hidden, grey once they leave", { tag: STAFF_STATE }, async ({ loginAs, users, request }) => {
  const instructor = await loginAs("instructor");
  await expectConnected(instructor.page);
  const course = await aCourse(request);
  const learner = await users.learner({ buys: [course.id] });

  await learner.page.goto(`/courses/${course.id}`);
  await learner.page.getByRole("button", { name: "Message instructor" }).click();
  const dot = learner.page.getByTestId("chat-window").getByTestId("online-status");
  await expect(dot).toHaveAttribute("data-status", "online");

  // The instructor's only tab goes to the background.
  await instructor.page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await expect(dot).toHaveAttribute("data-status", "away");

  // Closing it: offline after the short grace period, not at once (a reload must not flap).
  await instructor.context.close();
  await expect(dot).toHaveAttribute("data-status", "away", { timeout: 2_000 });
  await expect(dot).toHaveAttribute("data-status", "offline", { timeout: 15_000 });
});
