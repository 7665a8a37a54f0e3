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
});
