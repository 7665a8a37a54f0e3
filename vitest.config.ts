import { defineConfig } from "vitest/config";
import { IsolatedFirstSequencer } from "./tests/integration/support/isolated-first";

/**
 * Workers of each integration project (both must have the same count to share one queue). Most of a
 * file's time is waiting on sockets, timers and child processes, so more files than cores run at once:
 * on 2 cores the whole integration run took 80 s with 4 and 70 s with 6 (docs/ARCHITECTURE.md, "Tests").
 */
const integrationWorkers = Number(process.env.INTEGRATION_WORKERS ?? 6);

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    // Pages files first, then the files that share one module graph per worker (see the file).
    sequence: { sequencer: IsolatedFirstSequencer },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          // The API and the sockets on a server without Next (startServer({ pages: false })): no build needed.
          include: ["tests/integration/**/*.test.ts"],
          exclude: ["tests/integration/pages/**"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One module graph per worker, not per file: importing the server graph was a third of the suite's
          // CPU. Each file still starts and stops its own server (server.ts resets the process state on
          // start); per-file hooks live in the setup file, never at a support module's top level.
          isolate: false,
          setupFiles: ["tests/integration/support/per-file-setup.ts"],
          // Every engine this suite starts runs a bundle of its entry made once per run (see the file).
          globalSetup: ["tests/integration/support/engine-bundle.ts"],
          maxWorkers: integrationWorkers,
        },
      },
      {
        extends: true,
        test: {
          name: "integration-pages",
          // What needs the Next pages: the production build in .next (see the file for SKIP_NEXT_BUILD).
          include: ["tests/integration/pages/**/*.test.ts"],
          globalSetup: ["tests/integration/pages/global-setup.ts", "tests/integration/support/engine-bundle.ts"],
          setupFiles: ["tests/integration/support/per-file-setup.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: integrationWorkers,
        },
      },
    ],
  },
});
