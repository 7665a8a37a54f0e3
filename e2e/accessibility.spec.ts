import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import type { ConversationsResponse } from "../contracts/rest";
import { aCourse, expect, test } from "./fixtures";

/**
 * axe on every page, for each role, in both themes: no serious or critical violation. Open
 * popovers (notifications, account menu) are scanned too, since they are part of every page.
 */

type Theme = "light" | "dark";

// Many pages, two themes each, on a shared (loaded) machine.
test.describe.configure({ timeout: 300_000 });

async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((t) => {
    localStorage.setItem("learnlive-theme", t);
    document.documentElement.dataset.theme = t;
  }, theme);
}

/** Serious and critical violations, one line each (rule, impact, the first offending targets). */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact ?? ""}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

/** Visits each path in both themes and collects what axe finds, so one run shows every problem. */
async function scan(page: Page, paths: readonly string[], ready: (path: string) => Promise<void>, extra?: () => Promise<void>) {
  const found: string[] = [];
  for (const theme of ["light", "dark"] as const) {
    // Static states: live figures (viewer counts) change while other specs run, mid-animation text is half transparent.
    await page.emulateMedia({ reducedMotion: "reduce" });
    for (const path of paths) {
      await page.goto(path);
      await setTheme(page, theme);
      await ready(path);
      // Let entrance animations settle, or axe measures half-transparent text.
      await page.waitForTimeout(400);
      for (const v of await violations(page)) found.push(`[${theme}] ${path}: ${v}`);
    }
    if (extra) {
      await setTheme(page, theme);
      await extra();
      for (const v of await violations(page)) found.push(`[${theme}] ${page.url()} (open popover): ${v}`);
    }
  }
  return found;
}

const settled = (page: Page) => async () => {
  await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
  await expect(page.locator(".skeleton")).toHaveCount(0);
};

test("visitor pages have no serious or critical axe violations", async ({ page, request }) => {
  const course = await aCourse(request);
  const [preview, paid] = course.lessons;
  if (!preview || !paid) throw new Error("the course needs two lessons");
  const paths = ["/", `/courses/${course.id}`, `/courses/${course.id}/lessons/${preview.id}`,
    `/courses/${course.id}/lessons/${paid.id}`, "/login", "/register", "/my-courses", "/messages", "/no-such-page"];
  await page.goto("/");
  const found = await scan(page, paths, async () => {
    await expect(page.getByRole("banner").getByRole("link", { name: "Log in", exact: true })).toBeVisible();
    await settled(page)();
  });
  expect(found).toEqual([]);
});

test("learner pages (with the notification panel and a chat open) have no serious or critical axe violations", async ({ users, request }) => {
  const course = await aCourse(request);
  const [preview, paid] = course.lessons;
  if (!preview || !paid) throw new Error("the course needs two lessons");
  const learner = await users.learner({ buys: [course.id] });
  // A conversation to visit, with a message in it.
  const { page } = learner;
  await page.goto(`/courses/${course.id}`);
  await page.getByRole("button", { name: "Message instructor" }).click();
  await page.getByTestId("chat-input").fill("Hello from the accessibility check");
  await page.getByTestId("chat-input").press("Enter");
  await expect(page.getByTestId("chat-message").first()).toHaveAttribute("data-status", /sent|delivered|read/);
  const { conversations } = (await learner.api("/api/conversations")) as ConversationsResponse;
  const conversation = conversations[0];
  if (!conversation) throw new Error("no conversation");

  const paths = ["/", `/courses/${course.id}`, `/courses/${course.id}/lessons/${preview.id}`,
    `/courses/${course.id}/lessons/${paid.id}`, "/my-courses", "/messages", `/messages/${conversation.id}`,
    "/notifications", "/admin"];
  const found = await scan(page, paths, async () => {
    await expect(page.getByTestId("user-menu")).toBeVisible();
    await settled(page)();
  }, async () => {
    await page.goto(`/courses/${course.id}`);
    await page.getByRole("button", { name: "Message instructor" }).click();
    await expect(page.getByTestId("chat-message").first()).toBeVisible();
    await page.getByTestId("notification-bell").click();
    await expect(page.getByTestId("notification-panel")).toBeVisible();
    await page.waitForTimeout(400);
  });
  expect(found).toEqual([]);
});

for (const role of ["instructor", "admin"] as const) {
  test(`${role} pages have no serious or critical axe violations`, async ({ loginAs, request }) => {
    const course = await aCourse(request);
    const [preview, paid] = course.lessons;
    if (!preview || !paid) throw new Error("the course needs two lessons");
    const { page } = await loginAs(role);
    const paths = ["/", `/courses/${course.id}`, `/courses/${course.id}/lessons/${paid.id}`, "/my-courses",
      "/messages", "/notifications", "/admin"];
    const found = await scan(page, paths, async () => {
      await expect(page.getByTestId("user-menu")).toBeVisible();
      await settled(page)();
    }, async () => {
      await page.getByTestId("user-menu").click();
      await page.waitForTimeout(300);
    });
    expect(found).toEqual([]);
  });
}
