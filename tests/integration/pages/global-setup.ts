import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The integration suite runs the real server in production mode, which serves the Next build in
 * .next. Route handlers are bundled into that build, so a stale build would test stale server code:
 * by default we run `next build` first (~1 min). `npm test` builds once itself and sets
 * SKIP_NEXT_BUILD=1; then an existing build (.next/BUILD_ID) is reused. Without a build we always build.
 */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
  const hasBuild = existsSync(path.join(root, ".next", "BUILD_ID"));
  if (process.env.SKIP_NEXT_BUILD === "1" && hasBuild) return;
  console.log(hasBuild ? "[integration] rebuilding Next (set SKIP_NEXT_BUILD=1 to reuse .next)" : "[integration] building Next");
  execFileSync("npx", ["next", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}
