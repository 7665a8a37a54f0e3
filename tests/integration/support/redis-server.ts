import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";

/** Debian's redis-server; tests needing it skip with a printed reason when it is missing, never in CI. */
export const REDIS_SERVER = "/usr/bin/redis-server";

export function redisAvailable(who: string): boolean {
  const have = existsSync(REDIS_SERVER);
  if (!have && process.env.CI === "true") throw new Error(`${REDIS_SERVER} is required in CI`);
  if (!have) console.warn(`[${who}] skipped: ${REDIS_SERVER} is not installed (apt-get install -y redis-server)`);
  return have;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => { resolve(port); });
    });
  });
}

/** A throwaway redis-server on a free loopback port, nothing persisted. */
export async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child: ChildProcess = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => { if (chunk.toString().includes("Ready to accept connections")) resolve(); });
    child.once("exit", (code) => { reject(new Error(`redis-server exited with ${String(code)}`)); });
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => { child.kill(); } };
}
