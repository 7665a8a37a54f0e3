import { test as base, expect, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import type { UserDto } from "../contracts/dto";
import type { CoursesResponse, LoginResponse, MyCoursesResponse } from "../contracts/rest";

export const DEMO_PASSWORD = "demo-password";
export const ACCOUNTS = {
  admin: "admin@demo.test",
  instructor: "instructor@demo.test",
  learner1: "learner1@demo.test",
  learner2: "learner2@demo.test",
} as const;
export type Account = keyof typeof ACCOUNTS;

/** A signed-in browser context: its page, its access token (for API set-up) and its user. */
export interface Session {
  context: BrowserContext;
  page: Page;
  token: string;
  user: UserDto;
  api: (path: string, init?: { method?: "GET" | "POST" | "PUT"; data?: unknown }) => Promise<unknown>;
}

async function apiLogin(request: APIRequestContext, email: string): Promise<LoginResponse> {
  const response = await request.post("/api/auth/login", { data: { email, password: DEMO_PASSWORD } });
  expect(response.status(), `login as ${email}`).toBe(200);
  return (await response.json()) as LoginResponse;
}

export const test = base.extend<{ loginAs: (who: Account, path?: string) => Promise<Session> }>({
  /**
   * Logs in through the API (its cookies land in a fresh context), then opens the app, whose
   * AuthBootstrap restores the session from the refresh cookie. Each call is its own browser context.
   */
  loginAs: async ({ browser, baseURL }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (who, path = "/") => {
      const context = await browser.newContext({ baseURL });
      contexts.push(context);
      const auth = await apiLogin(context.request, ACCOUNTS[who]);
      const page = await context.newPage();
      await page.goto(path);
      await expect(page.getByTestId("user-menu")).toBeVisible();
      const api: Session["api"] = async (p, init = {}) => {
        const response = await context.request.fetch(p, {
          method: init.method ?? "GET",
          data: init.data,
          // Our own pages name their origin on writes; the context's session cookies travel too.
          headers: { authorization: `Bearer ${auth.accessToken}`, ...((init.method ?? "GET") === "GET" ? {} : { origin: baseURL ?? "" }) },
        });
        expect(response.ok(), `${init.method ?? "GET"} ${p} -> ${response.status()}`).toBe(true);
        return response.status() === 204 ? null : ((await response.json()) as unknown);
      };
      return { context, page, token: auth.accessToken, user: auth.user, api };
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };

/** A course this learner does not own yet (fails the test if they own them all). */
export async function unownedCourse(learner: Session): Promise<CoursesResponse["courses"][number]> {
  const { courses } = (await learner.api("/api/courses")) as CoursesResponse;
  const { courses: mine } = (await learner.api("/api/me/courses")) as MyCoursesResponse;
  const owned = new Set(mine.map((c) => c.id));
  const course = courses.find((c) => !owned.has(c.id));
  if (!course) throw new Error(`${learner.user.email} already owns every course`);
  return course;
}

/** The unread count the bell shows once notifications have loaded. */
export async function unreadCount(page: Page): Promise<number> {
  const bell = page.getByTestId("notification-bell");
  await expect(bell).toHaveAttribute("data-state", "ready");
  return Number(await bell.getAttribute("data-unread"));
}

export async function expectConnected(page: Page): Promise<void> {
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "connected");
}
