import { expect, test } from "./fixtures";

test("the catalog search box narrows the courses, keeps the search in the URL and says when nothing matches", async ({ page }) => {
  await page.goto("/");
  const cards = page.getByTestId("course-card");
  await expect(cards.first()).toBeVisible();
  const all = await cards.count();

  const box = page.getByRole("searchbox", { name: "Search courses" });
  await box.fill("socket");
  await expect(page).toHaveURL(/\?q=socket$/);
  await expect(cards).toHaveCount(1);
  await expect(cards.first().getByRole("heading")).toHaveText("Realtime Apps with Socket.IO");
  await expect(page.getByRole("heading", { name: "Results for “socket”" })).toBeVisible();

  // A reload (or a shared link) shows the same search.
  await page.reload();
  await expect(box).toHaveValue("socket");
  await expect(cards).toHaveCount(1);

  await box.fill("knitting");
  await expect(page.getByRole("heading", { name: "No courses match “knitting”" })).toBeVisible();
  await page.getByRole("button", { name: "Clear search" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(box).toHaveValue("");
  await expect(cards).toHaveCount(all);
});
