import { expect, test } from "./fixtures";

test("the admin sees a learner come online elsewhere and the connections chart move", async ({ loginAs, users, browser, baseURL }) => {
  const admin = await loginAs("admin", "/admin");
  const { page } = admin;
  await expect(page.getByTestId("live-metrics")).toHaveAttribute("data-connected", "true");
  const chart = page.getByTestId("chart-connections");
  await expect(chart).not.toHaveAttribute("data-last", "");
  const firstSecond = Number(await chart.getAttribute("data-last"));

  // A learner signs in through the login form in another browser.
  const learner = await users.account();
  const other = await browser.newContext({ baseURL });
  const learnerPage = await other.newPage();
  await learnerPage.goto("/login");
  await learnerPage.getByLabel("Email").fill(learner.email);
  await learnerPage.getByLabel("Password").fill(learner.password);
  await learnerPage.getByRole("button", { name: /sign in|log in/i }).click();
  await expect(learnerPage.getByTestId("user-menu")).toBeVisible();

  // The online list gains them without a reload, with their role; the role filter finds them.
  const row = page.locator(`[data-testid="online-user"][data-user-id="${learner.user.id}"]`);
  await page.getByLabel("Filter by name").fill(learner.name);
  await expect(row).toBeVisible();
  await expect(row).toContainText("learner");
  await page.getByTestId("role-instructor").click();
  await expect(row).toHaveCount(0);
  await page.getByTestId("role-learner").click();
  await expect(row).toBeVisible();

  // The charts move one point a second.
  await expect.poll(async () => Number(await chart.getAttribute("data-last")), { timeout: 10_000 }).toBeGreaterThanOrEqual(firstSecond + 3);
  await expect(page.getByTestId("metric-connections")).not.toContainText("—");

  // They leave: after the grace period they are gone from the list.
  await other.close();
  await expect(row).toHaveCount(0, { timeout: 20_000 });

  // What a tick costs the admin's browser (all six charts), measured by the page itself.
  await expect(page.getByTestId("redraw-cost")).toBeVisible({ timeout: 15_000 });
  const cost = Number(await page.getByTestId("redraw-cost").getAttribute("data-ms"));
  console.log(`[admin-dashboard] chart redraw per tick: ${cost.toFixed(2)} ms`);
  expect(cost).toBeGreaterThan(0);
});
