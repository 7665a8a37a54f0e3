import { createClient } from "redis";

import type { Redis } from "./script";

export type { Redis };

/** How long the start waits for Redis before giving up with a message naming REDIS_URL. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * One client per process for commands and scripts (the adapter duplicates it for its blocking stream
 * reads and its subscriptions). It reconnects by itself (50 ms, doubling, at most 2 s apart) and says
 * so once per outage: "lost" when the connection drops, "back" when it is ready again. Commands issued
 * while it is down wait in node-redis's offline queue and run, in order, once it is back.
 */
export async function connectRedis(url: string, name = "learnlive"): Promise<Redis> {
  let down = false;
  const client = createClient({
    url,
    name,
    // RESP2: the replies the Streams adapter (0.3) parses.
    RESP: 2,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000), connectTimeout: 5000 },
  });
  client.on("error", (e: unknown) => {
    if (down) return;
    down = true;
    console.error(`[redis] connection lost (${e instanceof Error ? e.message : String(e)}); retrying, the socket layer degrades until it is back`);
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    console.log("[redis] connection back");
  });
  const timeout = new Promise<never>((_, reject) => {
    setTimeout(() => { reject(new Error(`REDIS_URL: no Redis answered at ${redactUrl(url)} within ${String(CONNECT_TIMEOUT_MS / 1000)} s`)); }, CONNECT_TIMEOUT_MS).unref();
  });
  try {
    await Promise.race([client.connect(), timeout]);
  } catch (e) {
    client.destroy();
    throw e;
  }
  return client;
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable REDIS_URL)";
  }
}
