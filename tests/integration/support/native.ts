import WebSocket from "ws";

/** A `ws` client of the native gateway for tests: records every frame, waits for one, and for the close. */

export type Frame = Record<string, unknown> & { type: string };

export interface NativeClient {
  ws: WebSocket;
  frames: Frame[];
  send(frame: unknown): void;
  /** The next frame of `type` (matching `match`), including ones already received since the last call. */
  next(type: string, match?: (f: Frame) => boolean, ms?: number): Promise<Frame>;
  /** Sends `{ type, id, data }` and resolves with the matching ack. */
  request(type: string, data: unknown, ms?: number): Promise<Frame>;
  closed: Promise<{ code: number; reason: string }>;
}

const live: WebSocket[] = [];

/**
 * Terminates every connection `openNative` opened. Called after each test by support/per-file-setup.ts:
 * a hook registered here, at module level, would bind only to the first test file that imports this
 * module, since the integration files of a worker share one module graph (vitest `isolate: false`).
 */
export function closeNativeClients(): void {
  for (const ws of live.splice(0)) ws.terminate();
}

export const wsUrl = (httpUrl: string, query = ""): string => `${httpUrl.replace(/^http/, "ws")}/ws${query}`;

let nextId = 1;

/** Opens a connection (resolves on `open`, before any auth verdict). */
export function openNative(url: string, opts: WebSocket.ClientOptions = {}): Promise<NativeClient> {
  const ws = new WebSocket(url, opts);
  live.push(ws);
  const frames: Frame[] = [];
  const consumed = new Set<Frame>();
  const waiters = new Set<() => void>();
  ws.on("message", (raw, isBinary) => {
    if (isBinary) return;
    const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : Array.isArray(raw) ? Buffer.concat(raw).toString("utf8") : Buffer.from(raw).toString("utf8");
    frames.push(JSON.parse(text) as Frame);
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once("close", (code, reason) => { resolve({ code, reason: reason.toString() }); });
  });
  ws.on("error", () => undefined);
  const client: NativeClient = {
    ws,
    frames,
    closed,
    send(frame) {
      ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
    },
    next(type, match = () => true, ms = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = frames.find((f) => !consumed.has(f) && f.type === type && match(f));
          if (!found) return false;
          consumed.add(found);
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no "${type}" frame within ${String(ms)} ms; got ${JSON.stringify(frames.map((f) => f.type))}`));
        }, ms);
        if (!check()) waiters.add(check);
      });
    },
    request(type, data, ms) {
      const id = `r${String(nextId++)}`;
      client.send({ type, id, data });
      return client.next("ack", (f) => f.id === id, ms);
    },
  };
  return new Promise((resolve, reject) => {
    ws.once("open", () => { resolve(client); });
    ws.once("unexpected-response", (_req, res) => { reject(new Error(`upgrade refused: ${String(res.statusCode)}`)); });
    ws.once("error", reject);
  });
}

/** Opens with a token in the URL and resolves once the welcome arrived. */
export async function nativeAs(httpUrl: string, token: string): Promise<NativeClient & { clientId: string }> {
  const c = await openNative(wsUrl(httpUrl, `?token=${encodeURIComponent(token)}`));
  const welcome = await c.next("welcome");
  return Object.assign(c, { clientId: welcome.clientId as string });
}
