import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { startChild } from "./lib/ipc";
import { GENERATOR_NODE_ARGS, LOAD_CORE, startVariant } from "./variants";

/**
 * `npm run bench:dashboard -- --users 5000`: the admin dashboard (F10) in Chromium while that many users
 * are online on our production server (variant D). Prints what a tick (a new point a second: render
 * and the six charts' redraw) costs the browser, the online count the page shows, and the long tasks
 * (> 50 ms) seen while the online list is scrolled from top to bottom. Saves a screenshot.
 */
const { values: args } = parseArgs({ options: { users: { type: "string", default: "5000" }, seconds: { type: "string", default: "40" } } });
const users = Number(args.users);
const dir = mkdtempSync(path.join(tmpdir(), "ll-dashboard-"));
const gen = await startChild({ name: "load", script: path.join(import.meta.dirname, "load/generator.ts"), core: LOAD_CORE, nodeArgs: GENERATOR_NODE_ARGS });
const v = await startVariant("D", path.join(dir, "data"));
const browser = await chromium.launch({ executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined });
try {
  const people = await v.people(users);
  const t0 = Date.now();
  await gen.call("connect", { url: v.url, protocol: v.protocol, people });
  console.log(`connected ${String(users)} users in ${String(Date.now() - t0)} ms`);
  const base = `http://127.0.0.1:${new URL(v.url).port}`;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const login = await page.request.post(`${base}/api/auth/login`, { data: { email: "admin@demo.test", password: "demo-password" }, headers: { origin: base } });
  if (!login.ok()) throw new Error(`admin login: ${String(login.status())}`);
  await page.goto(`${base}/admin`);
  await page.getByTestId("online-count").filter({ hasText: String(users) }).waitFor({ timeout: 60_000 }).catch(() => undefined);
  // The page reports the median cost of its last 30 ticks.
  await page.waitForTimeout(Number(args.seconds) * 1000);
  const cost = await page.getByTestId("redraw-cost").getAttribute("data-ms");
  const shown = await page.getByTestId("online-count").textContent();
  const rows = await page.getByTestId("online-user").count();
  const longTasks = await page.evaluate(async () => {
    const seen: number[] = [];
    const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) seen.push(e.duration); });
    obs.observe({ type: "longtask", buffered: false });
    const el = document.querySelector<HTMLElement>("[data-testid=online-users] .vlist");
    if (el) {
      for (let i = 1; i <= 60; i++) {
        el.scrollTop = (el.scrollHeight * i) / 60;
        await new Promise((r) => requestAnimationFrame(() => { r(null); }));
      }
    }
    await new Promise((r) => setTimeout(r, 200));
    obs.disconnect();
    return { scrolled: Boolean(el), scrollHeight: el?.scrollHeight ?? 0, longTasks: seen };
  });
  await page.screenshot({ path: path.join(dir, "dashboard.png"), fullPage: true });
  console.log(JSON.stringify({ users, tickCostMs: Number(cost), onlineCountShown: shown, rowsInDom: rows, ...longTasks, screenshot: path.join(dir, "dashboard.png") }));
} finally {
  await browser.close();
  await gen.stop();
  await v.server.stop();
}
