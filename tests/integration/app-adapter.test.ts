import { createServer, type Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { io as connectClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppAdapter, SNAPSHOT_FLAGS } from "@/server/realtime/app-adapter";

/**
 * The single-node adapter alone (a Socket.IO server in this process, no app): connection state
 * recovery from the off-heap recovery log, in the main namespace and in another one (whose packets
 * are encoded with a `/nsp,` prefix), and what is never kept (volatile, snapshots).
 */
describe("AppAdapter: connection state recovery from the off-heap log", () => {
  let http: HttpServer;
  let io: Server;
  let url = "";
  const sockets: Socket[] = [];
  /** `socket.recovered` of each connection the server accepted, in order. */
  const recovered: boolean[] = [];

  beforeAll(async () => {
    http = createServer();
    io = new Server(http, { adapter: AppAdapter, transports: ["websocket"], connectionStateRecovery: { maxDisconnectionDuration: 60_000 } });
    for (const nsp of [io.of("/"), io.of("/admin")]) {
      nsp.on("connection", (s) => {
        recovered.push(s.recovered);
        if (!s.recovered) void s.join("room");
      });
    }
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const addr = http.address();
    url = `http://127.0.0.1:${String(typeof addr === "object" && addr ? addr.port : 0)}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await io.close();
  });

  const client = async (nsp: string) => {
    const s = connectClient(url + nsp, { transports: ["websocket"], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 200 });
    sockets.push(s);
    await new Promise<void>((resolve) => s.once("connect", () => { resolve(); }));
    return s;
  };
  const record = (s: Socket, event: string) => {
    const seen: unknown[] = [];
    s.on(event, (payload: unknown) => seen.push(payload));
    return seen;
  };

  for (const nsp of ["/", "/admin"]) {
    it(`${nsp}: a client that drops gets exactly the kept events it missed, in order; not volatile ones, not snapshots`, async () => {
      const s = await client(nsp);
      const events = record(s, "news");
      const typing = record(s, "typing");
      const counts = record(s, "count");
      io.of(nsp).to("room").emit("news", { n: 1, text: "héllo ✓" });
      await vi.waitFor(() => { expect(events).toEqual([{ n: 1, text: "héllo ✓" }]); });
      const gone = new Promise((resolve) => s.once("disconnect", resolve));
      s.io.engine.close();
      await gone;
      io.of(nsp).to("room").emit("news", { n: 2 });
      io.of(nsp).to("elsewhere").emit("news", { n: 99 }); // not its room
      io.of(nsp).to("room").volatile.emit("typing", { on: true });
      io.of(nsp).adapter.broadcast({ type: 2, data: ["count", 7] }, { rooms: new Set(["room"]), except: new Set(), flags: SNAPSHOT_FLAGS });
      io.of(nsp).to("room").emit("news", { n: 3 });
      await new Promise<void>((resolve) => s.once("connect", () => { resolve(); }));
      expect(s.recovered).toBe(true);
      await vi.waitFor(() => { expect(events).toEqual([{ n: 1, text: "héllo ✓" }, { n: 2 }, { n: 3 }]); });
      expect(typing).toEqual([]);
      expect(counts).toEqual([]);
    });
  }

  it("an offset the log does not hold starts a fresh session (and spends the session)", async () => {
    const s = await client("/");
    const events = record(s, "news");
    io.to("room").emit("news", { n: 10 });
    await vi.waitFor(() => { expect(events).toHaveLength(1); });
    const { _pid: pid, _lastOffset: offset } = s as unknown as { _pid: string; _lastOffset: string };
    s.io.reconnection(false);
    const gone = new Promise((resolve) => s.once("disconnect", resolve));
    s.io.engine.close();
    await gone;
    const again = async (auth: { pid: string; offset: string }) => {
      const c = connectClient(url, { transports: ["websocket"], forceNew: true, auth });
      sockets.push(c);
      await new Promise<void>((resolve) => c.once("connect", () => { resolve(); }));
      c.close();
      return recovered.at(-1);
    };
    expect(await again({ pid, offset: `${offset.slice(0, -1)}zzzzzz` })).toBe(false);
    expect(await again({ pid, offset })).toBe(false); // the session was spent by the failed attempt
  });
});
