import { createServer, type Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { io as connectClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectRedis, type Redis } from "@/server/cluster/redis";
import { broadcasterOf, roomsOf } from "@/server/realtime/broadcaster";
import { clusterAdapter } from "@/server/realtime/cluster-adapter";
import type { AppIo } from "@/server/runtime";
import { redisMissing, startRedis, type TestRedis } from "./support/redis";

/**
 * The cluster adapter alone: two Socket.IO servers in this process over one real Redis (no Next, no
 * store). Snapshot deliveries (viewer counts, statuses) must keep their meaning on the node that
 * receives them from Redis too: written by our sliced delivery, never kept for recovery.
 */
const missing = process.env.CI === "true" ? null : redisMissing();
if (missing) console.warn(`[cluster-adapter.test] skipped: ${missing}`);

const ROOM = roomsOf({ video: "v1" })[0] ?? "";

describe.skipIf(missing !== null)("Redis Streams adapter with snapshot delivery", () => {
  let redis: TestRedis | null = null;
  const clients: Redis[] = [];
  const servers: { io: AppIo; http: HttpServer; url: string }[] = [];
  const sockets: Socket[] = [];

  const node = async () => {
    if (!redis) throw new Error("no redis");
    const client = await connectRedis(redis.url);
    clients.push(client);
    const http = createServer();
    const io = new Server(http, {
      adapter: clusterAdapter(client),
      transports: ["websocket"],
      connectionStateRecovery: { maxDisconnectionDuration: 60_000 },
    }) as unknown as AppIo;
    io.on("connection", (s) => { void s.join(ROOM); });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const addr = http.address();
    const url = `http://127.0.0.1:${String(typeof addr === "object" && addr ? addr.port : 0)}`;
    const n = { io, http, url };
    servers.push(n);
    return n;
  };
  const client = async (url: string) => {
    const s = connectClient(url, { transports: ["websocket"], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 200 });
    sockets.push(s);
    await new Promise<void>((resolve) => s.once("connect", () => { resolve(); }));
    return s;
  };
  /** Every argument list an event arrives with. */
  const args = (s: Socket, event: string): unknown[][] => {
    const seen: unknown[][] = [];
    s.on(event, (...a: unknown[]) => seen.push(a));
    return seen;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const n of servers) await n.io.close();
    for (const c of clients) await c.close();
    await redis?.stop();
  });

  it("a snapshot sent on A reaches sockets on B through the sliced path (no recovery offset), across more than one slice", async () => {
    const [a, b] = [await node(), await node()];
    await new Promise((r) => setTimeout(r, 300)); // the adapters' subscriptions are in place
    const onB = await Promise.all(Array.from({ length: 250 }, () => client(b.url)));
    const seen = onB.map((s) => args(s, "viewerCount"));
    broadcasterOf(a.io).emit([{ to: { video: "v1" }, delivery: "snapshot", event: "viewerCount", payload: { videoId: "v1", count: 7 } }]);
    await vi.waitFor(() => { for (const s of seen) expect(s).toHaveLength(1); }, { timeout: 5000 });
    // Exactly the payload: the cluster adapter's own path would have appended a (missing) stream offset.
    for (const s of seen) expect(s[0]).toEqual([{ videoId: "v1", count: 7 }]);
    // A reliable event from A does come with its stream offset (what recovery resumes from).
    const reliable = args(onB[0] as Socket, "newReview");
    broadcasterOf(a.io).emit([{ to: { video: "v1" }, event: "newReview", payload: { courseId: "c", review: {} as never, averageRating: 5, reviewsCount: 1 } }]);
    await vi.waitFor(() => { expect(reliable).toHaveLength(1); });
    expect(typeof reliable[0]?.[1]).toBe("string");
    for (const s of onB) s.close();
  });

  it("a client that recovers gets the reliable events it missed, not the snapshots", async () => {
    const [a, b] = [servers[0], servers[1]];
    if (!a || !b) throw new Error("nodes of the first test");
    const s = await client(b.url);
    const first = new Promise((resolve) => s.once("newReview", resolve));
    broadcasterOf(a.io).emit([{ to: { video: "v1" }, event: "newReview", payload: { courseId: "c", review: {} as never, averageRating: 4, reviewsCount: 2 } }]);
    await first; // the client now holds an offset to resume from
    const counts = args(s, "viewerCount");
    const reviews = args(s, "newReview");
    const gone = new Promise((resolve) => s.once("disconnect", resolve));
    s.io.engine.close(); // the network drops: a recoverable disconnect
    await gone;
    broadcasterOf(a.io).emit([
      { to: { video: "v1" }, delivery: "snapshot", event: "viewerCount", payload: { videoId: "v1", count: 9 } },
      { to: { video: "v1" }, event: "newReview", payload: { courseId: "c", review: {} as never, averageRating: 3, reviewsCount: 3 } },
    ]);
    await new Promise<void>((resolve) => s.once("connect", () => { resolve(); }));
    expect(s.recovered).toBe(true);
    await vi.waitFor(() => { expect(reviews.map((r) => (r[0] as { reviewsCount: number }).reviewsCount)).toContain(3); });
    await new Promise((r) => setTimeout(r, 300));
    expect(counts).toEqual([]);
  });

  /** Holds every write command (XADD, SET, GETDEL, EVALSHA) for `ms`: the appends wait, reads go on. */
  const pauseWrites = async (ms: number) => {
    const [c] = clients;
    if (!c) throw new Error("no redis client");
    await c.sendCommand(["CLIENT", "PAUSE", String(ms), "WRITE"]);
  };
  const review = (n: number) => ({ courseId: "c", review: {} as never, averageRating: 5, reviewsCount: n });
  const emitReview = (io: AppIo, n: number) => { broadcasterOf(io).emit([{ to: { video: "v1" }, event: "newReview", payload: review(n) }]); };
  const numbers = (seen: unknown[][]) => seen.map((a) => (a[0] as { reviewsCount: number }).reviewsCount);

  it("a reliable broadcast reaches the sending node's own sockets without waiting for Redis to answer its append", async () => {
    const [a, b] = [servers[0], servers[1]];
    if (!a || !b) throw new Error("nodes of the first test");
    const [onA, onB] = [await client(a.url), await client(b.url)];
    const [seenA, seenB] = [args(onA, "newReview"), args(onB, "newReview")];
    await pauseWrites(3000);
    emitReview(a.io, 100);
    // Stock streams adapter: nothing reaches onA until the append is answered, 3 s later.
    await vi.waitFor(() => { expect(numbers(seenA)).toEqual([100]); }, { timeout: 1500 });
    expect(seenB).toEqual([]);
    await vi.waitFor(() => { expect(numbers(seenB)).toEqual([100]); }, { timeout: 10_000 });
    expect(typeof seenA[0]?.[1]).toBe("string"); // an offset to resume from, all the same
    onA.close();
    onB.close();
  });

  it("recovering after local-first deliveries replays exactly what was missed, on the same node and on another", async () => {
    const [a, b] = [servers[0], servers[1]];
    if (!a || !b) throw new Error("nodes of the first test");
    const s = await client(a.url);
    const seen = args(s, "newReview");
    emitReview(a.io, 1);
    await vi.waitFor(() => { expect(numbers(seen)).toEqual([1]); });
    emitReview(b.io, 2);
    await vi.waitFor(() => { expect(numbers(seen)).toEqual([1, 2]); });
    // 3 is written to s long before its append lands in the stream (after 2, and after what follows).
    await pauseWrites(1500);
    emitReview(a.io, 3);
    await vi.waitFor(() => { expect(numbers(seen)).toEqual([1, 2, 3]); }, { timeout: 1000 });

    // Same node: the network drops, 4 (from A) and 5 (from B) are sent meanwhile.
    const gone = new Promise((resolve) => s.once("disconnect", resolve));
    s.io.engine.close();
    await gone;
    emitReview(a.io, 4);
    emitReview(b.io, 5);
    const typing = args(s, "typing"); // volatile: missed is missed, never replayed
    broadcasterOf(b.io).emit([{ to: { video: "v1" }, delivery: "volatile", event: "typing", payload: { conversationId: "c", userId: "u", isTyping: true } }]);
    await new Promise<void>((resolve) => s.once("connect", () => { resolve(); }));
    expect(s.recovered).toBe(true);
    await vi.waitFor(() => { expect(numbers(seen).slice(3).sort()).toEqual([4, 5]); }, { timeout: 5000 });
    expect(typing).toEqual([]);
    emitReview(a.io, 6); // delivered live after the recovery: the offset to resume from next
    await vi.waitFor(() => { expect(numbers(seen)).toContain(6); });

    // Another node: the client comes back on B with the session and offset it holds.
    const held = s as unknown as { _pid: string; _lastOffset: string };
    const { _pid: pid, _lastOffset: offset } = held;
    s.io.reconnection(false);
    const lost = new Promise((resolve) => s.once("disconnect", resolve));
    s.io.engine.close();
    await lost;
    // A keeps the session in Redis when it notices the drop: B can only resume it once it is there.
    await vi.waitFor(async () => { expect(await clients[0]?.exists(`sio:session:${pid}`)).toBe(1); });
    emitReview(b.io, 7);
    emitReview(a.io, 8);
    const moved = connectClient(b.url, { transports: ["websocket"], forceNew: true, auth: { pid, offset } });
    sockets.push(moved);
    const after = args(moved, "newReview");
    await vi.waitFor(() => { expect(numbers(after).sort()).toEqual([7, 8]); }, { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(numbers(seen).filter((n) => n <= 6).sort()).toEqual([1, 2, 3, 4, 5, 6]); // nothing twice
    expect(numbers(after).sort()).toEqual([7, 8]);
  });
});
