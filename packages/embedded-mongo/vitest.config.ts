import { defineConfig } from "vitest/config";

// Every test file starts its own engine (a child process); the machine has 2 cores,
// so at most 2 files run at once and the timeouts leave room for slow process starts.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
    pool: "forks",
  },
});
