import type { CoursesResponse } from "../contracts/rest";
import { expect, STAFF_STATE, test } from "./fixtures";

test("two learners on the same lesson both see 2 watching now, and 'Only you are watching' after one leaves", { tag: STAFF_STATE }, async ({ users, request }) => {
  const { courses } = (await (await request.get("/api/courses")).json()) as CoursesResponse;
  const course = courses[0];
  const lesson = course?.lessons[0]; // the first lesson is a free preview for every signed-in user
  if (!course || !lesson) throw new Error("the seed has no lessons");
  const path = `/courses/${course.id}/lessons/${lesson.id}`;

  const first = await users.learner({ path });
  await expect(first.page.getByTestId("viewer-count")).toHaveText("Only you are watching");

  const second = await users.learner({ path });
  await expect(second.page.getByTestId("viewer-count")).toHaveText("2 watching now");
  await expect(first.page.getByTestId("viewer-count")).toHaveText("2 watching now");

  // A second tab of the same learner does not count twice.
  const secondTab = await first.context.newPage();
  await secondTab.goto(path);
  await expect(secondTab.getByTestId("viewer-count")).toHaveText("2 watching now");
  await secondTab.close();

  await second.page.close();
  await expect(first.page.getByTestId("viewer-count")).toHaveText("Only you are watching");
});
