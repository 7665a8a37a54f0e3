import { afterEach } from "vitest";
import { closeNativeClients } from "./native";

/**
 * Runs before every integration test file (vitest `setupFiles`), also when the files of a worker share
 * one module graph (`isolate: false`, vitest.config.ts): hooks that every file needs are registered
 * here, never at the top level of a support module, which runs once per worker, not once per file.
 */
afterEach(() => {
  closeNativeClients();
});
