import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { GatewayClose } from "@/contracts/gateway";

/**
 * `npm run ws-client -- --token <access token>` (or WS_TOKEN=<token>) [--url ws://localhost:3000/ws] [--join lesson:<id>]...
 * [--auth-frame]`: the reference client of the native gateway (docs/GATEWAY.md). Prints every frame
 * that arrives; each line typed on stdin is sent as a frame (`{"type":"ping"}`, or `ping` for short).
 * Reconnects with exponential backoff and jitter, except after 4401 (get a fresh token first).
 */

const { values: args } = parseArgs({
  options: {
    token: { type: "string" },
    url: { type: "string", default: `ws://localhost:${process.env.PORT ?? "3000"}/ws` },
    join: { type: "string", multiple: true, default: [] },
    "auth-frame": { type: "boolean", default: false },
  },
});
// WS_TOKEN keeps the token out of the process list (ps shows command lines).
args.token ??= process.env.WS_TOKEN;
if (!args.token) {
  console.error("usage: npm run ws-client -- --token <access token> [--url ws://host:port/ws] [--join lesson:<id>] [--auth-frame]");
  console.error("  (an access token: POST /api/auth/login answers { accessToken })");
  process.exit(2);
}
const token = args.token;

const stamp = () => new Date().toISOString().slice(11, 23);
const MAX_BACKOFF_MS = 30_000;
let attempt = 0;
let current: WebSocket | null = null;
/** Lines typed before the welcome: sent once the connection is admitted. */
const pending: string[] = [];
let admitted = false;

function sendLine(frame: string): void {
  if (current && admitted && current.readyState === WebSocket.OPEN) {
    current.send(frame);
    console.log(`${stamp()} -> ${frame}`);
  } else pending.push(frame);
}

function connect(): void {
  const url = args["auth-frame"] ? args.url : `${args.url}?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(url);
  current = ws;
  ws.on("open", () => {
    console.log(`${stamp()} open ${args.url}`);
    if (args["auth-frame"]) ws.send(JSON.stringify({ type: "auth", token }));
  });
  ws.on("message", (raw) => {
    const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : Array.isArray(raw) ? Buffer.concat(raw).toString("utf8") : Buffer.from(raw).toString("utf8");
    console.log(`${stamp()} <- ${text}`);
    const frame = JSON.parse(text) as { type?: string };
    if (frame.type === "welcome") {
      attempt = 0;
      admitted = true;
      for (const room of args.join) sendLine(JSON.stringify({ type: "join-room", room }));
      for (const line of pending.splice(0)) sendLine(line);
    }
  });
  ws.on("error", (e) => { console.log(`${stamp()} error ${e.message}`); });
  ws.on("close", (code, reason) => {
    console.log(`${stamp()} closed ${String(code)} ${reason.toString()}`);
    current = null;
    admitted = false;
    if (code === GatewayClose.Unauthorized) {
      console.log("the token was refused: log in again (or refresh) and start with the new access token");
      process.exit(1);
    }
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt++) * (0.5 + Math.random() / 2);
    console.log(`${stamp()} reconnecting in ${(delay / 1000).toFixed(1)} s`);
    setTimeout(connect, delay);
  });
}

createInterface({ input: process.stdin }).on("line", (line) => {
  const text = line.trim();
  if (!text) return;
  sendLine(text.startsWith("{") ? text : JSON.stringify({ type: text }));
});

/** Ctrl-C (or a kill): a clean close (1000), so the server logs a normal closure rather than 1006. */
function quit(): void {
  current?.removeAllListeners("close");
  if (current?.readyState !== WebSocket.OPEN) process.exit(0);
  current.once("close", () => process.exit(0));
  current.close(GatewayClose.Normal, "bye");
  setTimeout(() => process.exit(0), 1000).unref();
}
process.once("SIGINT", quit);
process.once("SIGTERM", quit);
connect();
