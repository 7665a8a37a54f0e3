import type { MyCoursesResponse } from "../contracts/rest";
import { aCourse, expect, expectConnected, STAFF_STATE, test, type Session } from "./fixtures";

test("a learner messages the instructor live: ticks turn read, typing shows, the reply arrives", { tag: STAFF_STATE }, async ({ loginAs, users, request }) => {
  const course = await aCourse(request);
  const learner = await users.learner({ buys: [course.id] });
  const instructor = await loginAs("instructor", "/messages");
  await expectConnected(instructor.page);
  await expect(instructor.page.getByTestId("messages-nav")).toHaveAttribute("data-state", "ready");
  // The demo instructor is shared by the suite: other specs may have left a conversation unread.
  const badge = instructor.page.getByTestId("chat-unread-badge");
  const unreadBefore = (await badge.isVisible()) ? await badge.textContent() : null;

  // Learner: course page -> "Message instructor" -> floating window -> send.
  await learner.page.goto(`/courses/${course.id}`);
  await expectConnected(learner.page);
  await learner.page.getByRole("button", { name: "Message instructor" }).click();
  const room = learner.page.getByTestId("chat-window");
  await expect(room).toContainText(course.instructor.name);
  const question = `Is there a certificate? ${Date.now()}`;
  await room.getByTestId("chat-input").fill(question);
  await room.getByTestId("chat-input").press("Enter");
  const sent = room.getByTestId("chat-message").filter({ hasText: question });
  await expect(sent).toHaveAttribute("data-status", /^(sent|delivered|read)$/);

  // Instructor: the inbox shows it live, with an unread badge, without a reload.
  const item = instructor.page.getByTestId("conversation-item").filter({ hasText: question });
  await expect(item).toBeVisible();
  await expect(item).not.toHaveAttribute("data-unread", "0");
  await expect(instructor.page.getByTestId("chat-unread-badge")).toBeVisible();
  await item.click();
  const chat = instructor.page.getByTestId("chat-window");
  await expect(chat.getByTestId("chat-message").filter({ hasText: question })).toBeVisible();

  // Opening it reads it: the learner's tick turns to read, the instructor's badge clears.
  await expect(sent).toHaveAttribute("data-status", "read");
  if (unreadBefore === null) await expect(badge).toBeHidden();
  else await expect(badge).toHaveText(unreadBefore);

  // Typing shows on the other side, and the reply arrives live.
  const reply = `Yes, at the end of the course. ${Date.now()}`;
  await chat.getByTestId("chat-input").fill(reply);
  await expect(room.getByTestId("typing-indicator")).toHaveText(`${instructor.user.name} is typing…`);
  await chat.getByTestId("chat-send").click();
  await expect(chat.getByTestId("chat-message").filter({ hasText: reply })).toHaveAttribute("data-status", /^(sent|delivered|read)$/);
  await expect(room.getByTestId("chat-message").filter({ hasText: reply })).toBeVisible();
  await expect(room.getByTestId("typing-indicator")).toBeHidden();
  // The learner has the window open and focused, so the reply is read at once.
  await expect(chat.getByTestId("chat-message").filter({ hasText: reply })).toHaveAttribute("data-status", "read");
});

async function openInstructorChat(learner: Session) {
  const { courses } = (await learner.api("/api/me/courses")) as MyCoursesResponse;
  const course = courses[0];
  if (!course) throw new Error(`${learner.user.email} owns no course`);
  await learner.page.goto(`/courses/${course.id}`);
  await expectConnected(learner.page);
  await learner.page.getByRole("button", { name: "Message instructor" }).click();
  const room = learner.page.getByTestId("chat-window");
  const send = async (text: string) => {
    await room.getByTestId("chat-input").fill(text);
    await room.getByTestId("chat-input").press("Enter");
    return room.getByTestId("chat-message").filter({ hasText: text });
  };
  return { room, send };
}
const STORED = /^(sent|delivered|read)$/;

test("a send whose ack is lost turns failed, and Retry (same clientId) stores it once", async ({ loginAs, users, request }) => {
  const learner = await users.learner({ buys: [(await aCourse(request)).id] });
  // Let the learner's frames through, but swallow the server's acks and pushes while `lossy` is on.
  let lossy = false;
  await learner.context.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => { server.send(m); });
    server.onMessage((m) => {
      if (lossy && typeof m === "string" && (/^43\d+\[/.test(m) || m.startsWith('42["newMessage"'))) return;
      ws.send(m);
    });
  });
  const { send } = await openInstructorChat(learner);
  await expect(await send(`Before the tunnel ${Date.now()}`)).toHaveAttribute("data-status", STORED);

  lossy = true;
  const text = `Ack lost ${Date.now()}`;
  const message = await send(text);
  await expect(message).toHaveAttribute("data-status", "pending");
  await expect(message).toHaveAttribute("data-status", "failed", { timeout: 15_000 });
  lossy = false;
  await message.getByRole("button", { name: /Retry/ }).click();
  await expect(message).toHaveAttribute("data-status", STORED);

  const instructor = await loginAs("instructor", "/messages");
  await instructor.page.getByTestId("conversation-item").filter({ hasText: text }).click();
  await expect(instructor.page.getByTestId("chat-message").filter({ hasText: text })).toHaveCount(1);
  await instructor.page.reload();
  await expect(instructor.page.getByTestId("chat-message").filter({ hasText: text })).toHaveCount(1);
});

test("a reply sent while the learner is offline shows up after reconnecting", async ({ loginAs, users, request }) => {
  const learner = await users.learner({ buys: [(await aCourse(request)).id] });
  const { room, send } = await openInstructorChat(learner);
  const hello = `Going offline ${Date.now()}`;
  await expect(await send(hello)).toHaveAttribute("data-status", STORED);
  const instructor = await loginAs("instructor", "/messages");
  await instructor.page.getByTestId("conversation-item").filter({ hasText: hello }).click();

  await learner.context.setOffline(true);
  await expect(learner.page.getByTestId("connection-status")).toHaveAttribute("data-status", "offline");
  const reply = `Answered while you were away ${Date.now()}`;
  await instructor.page.getByTestId("chat-input").fill(reply);
  await instructor.page.getByTestId("chat-send").click();
  await expect(instructor.page.getByTestId("chat-message").filter({ hasText: reply })).toHaveAttribute("data-status", STORED);

  await learner.context.setOffline(false);
  await expectConnected(learner.page);
  await expect(room.getByTestId("chat-message").filter({ hasText: reply })).toHaveCount(1);
});
