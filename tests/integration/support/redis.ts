import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";

/**
 * A real redis-server for tests, on a free loopback port, without persistence (`--save "" --appendonly
 * no`), stopped by the test. Reusable by any suite that needs Redis:
 *
 *   const redis = await startRedis();          // null (reason printed) when redis-server is missing
 *   if (!redis) return;                        // ...unless CI=true, where a missing Redis throws
 *   startServer({ ..., redisUrl: redis.url });
 *   await redis.restart();                      // same port, empty (Redis lost its data)
 *   await redis.stop();
 */
export interface TestRedis {
  port: number;
  url: string;
  /** Stops the server (SIGTERM), resolving once it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`), empty. */
  start(): Promise<void>;
  /** stop() then start(). */
  restart(): Promise<void>;
}

/** Why Redis tests cannot run here, or null when redis-server is on PATH. */
export function redisMissing(): string | null {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return null;
  } catch {
    return "redis-server is not installed (apt-get install redis-server)";
  }
}

/** Whether a suite that needs Redis can run: false (reason printed) when redis-server is missing; throws with CI=true. */
export function redisAvailable(who: string): boolean {
  const missing = redisMissing();
  if (missing && process.env.CI === "true") throw new Error(`${missing}; CI must run the Redis tests`);
  if (missing) console.warn(`[${who}] skipped: ${missing}`);
  return missing === null;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; released before we return it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => { resolve(port); });
    });
  });
}

/**
 * Starts redis-server, or returns null with the reason printed when it is not installed. With CI=true a
 * missing redis-server is an error: CI installs it (.ci/run), so a skip there would hide a failure.
 */
export async function startRedis(): Promise<TestRedis | null> {
  const missing = redisMissing();
  if (missing) {
    if (process.env.CI === "true") throw new Error(`${missing}; CI must run the Redis tests`);
    console.warn(`[redis] skipping: ${missing}`);
    return null;
  }
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const start = async () => {
    const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
    proc = child;
    let out = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`redis-server did not start on ${String(port)}:\n${out}`)); }, 10_000);
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${String(code)}):\n${out}`));
      });
    });
  };
  const stop = async () => {
    const child = proc;
    proc = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => { resolve(); }));
    child.kill("SIGTERM");
    await exited;
  };
  await start();
  return { port, url: `redis://127.0.0.1:${String(port)}`, stop, start, restart: async () => { await stop(); await start(); } };
}
