import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * The e2e suite drives the real server (server.ts in production mode, fresh data store) in
 * Debian's Chromium when installed, else Playwright's own. The config is evaluated again in
 * every worker, so the port and data dir are chosen once and handed down through process.env.
 */
function freePort(): string {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
}

process.env.E2E_PORT ??= freePort();
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "learnlive-e2e-"));
const port = process.env.E2E_PORT;
const baseURL = `http://localhost:${port}`;
const systemChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "./e2e",
  // Specs make their own learners (e2e/fixtures.ts `users`), so they run side by side; the ones
  // tagged @staff-state watch the shared demo admin or instructor and run alone, after the rest.
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  forbidOnly: Boolean(process.env.CI),
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: existsSync(systemChromium) ? { executablePath: systemChromium } : {},
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, grepInvert: /@staff-state/ },
    {
      name: "staff-state",
      use: { ...devices["Desktop Chrome"] },
      grep: /@staff-state/,
      workers: 1,
      dependencies: ["chromium"],
    },
  ],
  webServer: {
    command: "npx tsx server.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: port,
      DATA_DIR: process.env.E2E_DATA_DIR,
      // Production refuses to start without secrets; these exist only for this throwaway server.
      JWT_ACCESS_SECRET: process.env.E2E_JWT_ACCESS_SECRET ?? "e2e-access-secret-not-for-production-0123456789",
      JWT_REFRESH_SECRET: process.env.E2E_JWT_REFRESH_SECRET ?? "e2e-refresh-secret-not-for-production-012345678",
      // Every spec registers its own learners (e2e/fixtures.ts `users`), all from 127.0.0.1: no per-IP cap.
      LIMIT_REGISTRATIONS_PER_IP: "0",
    },
  },
});
