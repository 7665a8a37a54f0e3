import { randomUUID } from "node:crypto";
import { test as base, expect, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import type { CourseDto, UserDto } from "../contracts/dto";
import type { CoursesResponse, LoginResponse, MyCoursesResponse } from "../contracts/rest";

export const DEMO_PASSWORD = "demo-password";
/**
 * The seeded staff accounts. Learners are never shared: each spec makes its own through
 * `users.learner()` (a fresh account, and its purchases), so specs never meet another's learner
 * state. Register only makes learners, so an instructor or an admin stays a demo account.
 */
export const ACCOUNTS = {
  admin: "admin@demo.test",
  instructor: "instructor@demo.test",
} as const;
export type Account = keyof typeof ACCOUNTS;

/**
 * Tag of the tests that watch shared state other specs change: the demo admin's or instructor's
 * unread counts, presence and purchase feed, or a lesson's viewer count. playwright.config.ts runs
 * them one at a time after the others, which run side by side.
 */
export const STAFF_STATE = "@staff-state";

/** A signed-in browser context: its page, its access token (for API set-up) and its user. */
export interface Session {
  context: BrowserContext;
  page: Page;
  token: string;
  user: UserDto;
  api: (path: string, init?: { method?: "GET" | "POST" | "PUT"; data?: unknown }) => Promise<unknown>;
}

/** A brand-new learner account (see `users`). */
export interface Credentials {
  email: string;
  password: string;
  name: string;
}
export interface LearnerOptions {
  /** Courses bought for them through the API before their page opens (by id). */
  buys?: readonly string[];
  /** Where their page opens; "/" by default. */
  path?: string;
}
export interface Users {
  /** Registers a learner with a unique email and name; no browser session (for the login form). */
  account(): Promise<Credentials & { user: UserDto }>;
  /** A fresh learner signed in in their own browser context, owning `buys`, with their page open at `path`. */
  learner(options?: LearnerOptions): Promise<Session & Credentials>;
}

/** Writes carry the session cookies, so they name our origin as our pages do (docs/SECURITY.md). */
const writeHeaders = (token: string, baseURL: string | undefined, method: string) => ({
  authorization: `Bearer ${token}`,
  ...(method === "GET" ? {} : { origin: baseURL ?? "" }),
});

async function apiLogin(request: APIRequestContext, email: string, baseURL: string | undefined): Promise<LoginResponse> {
  const response = await request.post("/api/auth/login", { data: { email, password: DEMO_PASSWORD }, headers: { origin: baseURL ?? "" } });
  expect(response.status(), `login as ${email}`).toBe(200);
  return (await response.json()) as LoginResponse;
}

async function register(request: APIRequestContext, baseURL: string | undefined): Promise<Credentials & LoginResponse> {
  const id = randomUUID().slice(0, 8);
  const credentials = { name: `Learner ${id}`, email: `e2e-${id}@example.test`, password: `e2e-password-${id}` };
  const response = await request.post("/api/auth/register", { data: credentials, headers: { origin: baseURL ?? "" } });
  expect(response.status(), `register ${credentials.email}`).toBe(201);
  return { ...credentials, ...((await response.json()) as LoginResponse) };
}

/** Opens the app in a context that holds the session cookies; AuthBootstrap restores the session. */
async function openSession(context: BrowserContext, auth: LoginResponse, path: string, baseURL: string | undefined): Promise<Session> {
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.getByTestId("user-menu")).toBeVisible();
  const api: Session["api"] = async (p, init = {}) => {
    const method = init.method ?? "GET";
    const response = await context.request.fetch(p, { method, data: init.data, headers: writeHeaders(auth.accessToken, baseURL, method) });
    expect(response.ok(), `${method} ${p} -> ${response.status()}`).toBe(true);
    return response.status() === 204 ? null : ((await response.json()) as unknown);
  };
  return { context, page, token: auth.accessToken, user: auth.user, api };
}

export const test = base.extend<{ loginAs: (who: Account, path?: string) => Promise<Session>; users: Users }>({
  /**
   * Logs a demo staff account in through the API (its cookies land in a fresh context), then opens
   * the app. Each call is its own browser context.
   */
  loginAs: async ({ browser, baseURL }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (who, path = "/") => {
      const context = await browser.newContext({ baseURL });
      contexts.push(context);
      return openSession(context, await apiLogin(context.request, ACCOUNTS[who], baseURL), path, baseURL);
    });
    for (const context of contexts) await context.close();
  },
  /** Fresh learners, made through the API as a visitor would (register, then buy). */
  users: async ({ browser, baseURL, request }, use) => {
    const contexts: BrowserContext[] = [];
    await use({
      account: () => register(request, baseURL),
      learner: async ({ buys = [], path = "/" } = {}) => {
        const context = await browser.newContext({ baseURL });
        contexts.push(context);
        const auth = await register(context.request, baseURL);
        for (const courseId of buys) {
          const bought = await context.request.post(`/api/courses/${encodeURIComponent(courseId)}/purchase`, {
            headers: writeHeaders(auth.accessToken, baseURL, "POST"),
          });
          expect(bought.status(), `${auth.email} buys ${courseId}`).toBe(201);
        }
        const session = await openSession(context, auth, path, baseURL);
        return { ...session, email: auth.email, password: auth.password, name: auth.name };
      },
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };

/** The catalog as a visitor sees it (each course: a free preview, then paid lessons). */
export async function catalog(request: APIRequestContext): Promise<CourseDto[]> {
  const response = await request.get("/api/courses");
  expect(response.ok()).toBe(true);
  const { courses } = (await response.json()) as CoursesResponse;
  if (!courses[0] || courses[0].lessons.length < 2) throw new Error("the seed has no course with two lessons");
  return courses;
}

/** The first course of the catalog, for a learner to buy. */
export async function aCourse(request: APIRequestContext): Promise<CourseDto> {
  const [course] = await catalog(request);
  if (!course) throw new Error("no course");
  return course;
}

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
