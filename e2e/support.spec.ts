import { expect, expectConnected, test } from "./fixtures";

test("a learner contacts support from the inbox and an admin sees it live and answers", async ({ loginAs, users }) => {
  const admin = await loginAs("admin", "/messages");
  await expectConnected(admin.page);
  const learner = await users.learner({ path: "/messages" });
  await expectConnected(learner.page);

  await learner.page.getByRole("button", { name: "Contact support" }).click();
  const room = learner.page.getByTestId("chat-window");
  await expect(room).toContainText("Support");
  const question = `I was charged twice ${Date.now()}`;
  await room.getByTestId("chat-input").fill(question);
  await room.getByTestId("chat-input").press("Enter");
  await expect(room.getByTestId("chat-message").filter({ hasText: question })).toHaveAttribute("data-status", /^(sent|delivered|read)$/);

  // Any admin sees the support conversation appear live, opens it and answers.
  const item = admin.page.getByTestId("conversation-item").filter({ hasText: question });
  await expect(item).toBeVisible();
  await item.click();
  const answer = `Refunded, sorry about that ${Date.now()}`;
  const chat = admin.page.getByTestId("chat-window");
  await chat.getByTestId("chat-input").fill(answer);
  await chat.getByTestId("chat-input").press("Enter");
  await expect(room.getByTestId("chat-message").filter({ hasText: answer })).toBeVisible();

  // Admins answer from their inbox; they get no "Contact support" button.
  await expect(admin.page.getByRole("button", { name: "Contact support" })).toHaveCount(0);
});
