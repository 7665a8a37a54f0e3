import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import { Server } from "socket.io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { rooms } from "@/contracts/socket";
import { NativeSocket } from "@/server/realtime/gateway/native-socket";
import type { AppNamespace } from "@/server/realtime/types";
import { openNative, type NativeClient } from "./support/native";

/**
 * The gateway's delivery path under the cluster adapter of SPEC F11 (@socket.io/redis-streams-adapter
 * on a real redis-server): a broadcast raised on node A reaches a native client held by node B, and
 * A's fetchSockets / disconnectSockets see and close it. Two bare Socket.IO nodes; node B holds the
 * native client exactly as the gateway does (a NativeSocket in the namespace, its rooms in the adapter).
 */

const REDIS = "/usr/bin/redis-server";
const haveRedis = existsSync(REDIS);
if (!haveRedis && process.env.CI === "true") throw new Error(`${REDIS} is required in CI`);
if (!haveRedis) console.warn(`[gateway-cluster] skipped: no ${REDIS}`);

let redis: ChildProcess | null = null;
const closers: (() => Promise<unknown>)[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function node(redisUrl: string): Promise<{ io: Server; http: HttpServer }> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  const http = createServer();
  const io = new Server(http, { adapter: createAdapter(client) });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  closers.push(async () => { await io.close(); await client.quit(); });
  return { io, http };
}

/** A real WebSocket pair: the server end becomes a NativeSocket of `io`'s main namespace, the client end is returned. */
async function nativeMember(io: Server, userId: string): Promise<{ client: NativeClient; native: NativeSocket }> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  closers.push(() => new Promise((r) => { wss.close(r); }));
  await new Promise((r) => wss.once("listening", r));
  const accepted = new Promise<WebSocket>((r) => wss.once("connection", r));
  const client = await openNative(`ws://127.0.0.1:${String((wss.address() as AddressInfo).port)}/`);
  const ws = await accepted;
  const nsp = io.of("/") as unknown as AppNamespace;
  const native = new NativeSocket(`n-${userId}`, { userId, role: "learner", name: "Nat", tokenExp: 0 }, ws, nsp, (_n, code, reason) => { ws.close(code, reason); });
  (nsp.sockets as unknown as Map<string, NativeSocket>).set(native.id, native);
  await native.join([native.id, rooms.user(userId)]);
  return { client, native };
}

describe.runIf(haveRedis)("native clients under the Redis Streams cluster adapter", () => {
  let a: Server;
  let b: Server;
  beforeAll(async () => {
    const port = await freePort();
    redis = spawn(REDIS, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const url = `redis://127.0.0.1:${String(port)}`;
    for (let i = 0; i < 50; i++) {
      try {
        const probe = createClient({ url });
        await probe.connect();
        await probe.quit();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    [a, b] = [(await node(url)).io, (await node(url)).io];
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    redis?.kill();
  });

  it("an event to user:<id> emitted on node A reaches the native client on node B, once", async () => {
    const { client } = await nativeMember(b, "u1");
    await new Promise((r) => setTimeout(r, 300)); // both adapters are reading the stream
    a.to(rooms.user("u1")).emit("newNotification", { title: "From A" });
    expect(await client.next("newNotification")).toEqual({ type: "newNotification", data: { title: "From A" } });
    b.to(rooms.user("u1")).emit("newNotification", { title: "From B" });
    await client.next("newNotification", (f) => (f.data as { title: string }).title === "From B");
    await new Promise((r) => setTimeout(r, 300));
    expect(client.frames.filter((f) => f.type === "newNotification")).toHaveLength(2);
  });

  it("node A's fetchSockets sees it (hasConnection, 'chat is open') and A's disconnectSockets closes it", async () => {
    const { client } = await nativeMember(b, "u2");
    const found = await a.in(rooms.user("u2")).fetchSockets();
    expect(found.map((s) => [s.id, (s.data as { userId: string }).userId])).toEqual([["n-u2", "u2"]]);
    expect(JSON.stringify(found[0]?.handshake)).not.toMatch(/token/i);
    a.in(rooms.user("u2")).emit("sessionEnded", { reason: "logged_out" });
    a.in(rooms.user("u2")).disconnectSockets(true);
    expect(await client.next("sessionEnded")).toMatchObject({ data: { reason: "logged_out" } });
    expect(await client.closed).toEqual({ code: 4401, reason: "invalid" });
  });
});
