import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
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
          // Each file starts its own server and engine; most of a file's time is waiting on sockets and timers.
          maxWorkers: Number(process.env.INTEGRATION_WORKERS ?? 4),
        },
      },
      {
        extends: true,
        test: {
          name: "integration-pages",
          // What needs the Next pages: the production build in .next (see the file for SKIP_NEXT_BUILD).
          include: ["tests/integration/pages/**/*.test.ts"],
          globalSetup: ["tests/integration/pages/global-setup.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: Number(process.env.INTEGRATION_WORKERS ?? 4),
        },
      },
    ],
  },
});
