import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConnectErrorMessage } from "@/contracts/errors";
import { DEFAULT_LIMITS, resolveLimits } from "@/server/limits";
import { ConcurrencyGate, FailureWindow, GateRefused, gateRefusal, MemoryBuckets } from "@/server/rate-limit";
import { ConnectionCounts, connectionCap, connectionCounts, releaseConnection } from "@/server/realtime/connection-limits";
import { defineEvent, eventDispatcher, type EventTable } from "@/server/realtime/on-event";
import type { AppSocket } from "@/server/realtime/types";

describe("resolveLimits", () => {
  it("defaults < LIMIT_* env < explicit overrides; junk in the env stops the start", () => {
    expect(resolveLimits({}, {})).toEqual(DEFAULT_LIMITS);
    const l = resolveLimits({ connectionsPerIp: 3 }, { LIMIT_CONNECTIONS_PER_IP: "50", LIMIT_CONNECTIONS_PER_USER: "7" });
    expect([l.connectionsPerIp, l.connectionsPerUser]).toEqual([3, 7]);
    expect(() => resolveLimits({}, { LIMIT_HASH_QUEUE: "lots" })).toThrow(/LIMIT_HASH_QUEUE/);
    expect(() => resolveLimits({}, { LIMIT_HASH_QUEUE: "-1" })).toThrow(/LIMIT_HASH_QUEUE/);
  });
});

describe("FailureWindow.count and a limit of 0", () => {
  it("counts failures in the window; 0 never blocks", () => {
    const w = new FailureWindow(2, 1000);
    w.fail("k", 0);
    expect(w.count("k", 10)).toBe(1);
    expect(w.count("k", 1000)).toBe(0);
    const off = new FailureWindow(0, 1000);
    for (let i = 0; i < 5; i++) off.fail("k", 0);
    expect(off.retryAfterSec("k", 1)).toBe(0);
  });
});

describe("MemoryBuckets (per user / per IP)", () => {
  it("one bucket per scope and name, shared by every caller of that scope", () => {
    const b = new MemoryBuckets();
    const t = 1_000;
    expect([b.take("u1", "message", 2, 1, t), b.take("u1", "message", 2, 1, t), b.take("u1", "message", 2, 1, t)]).toEqual([true, true, false]);
    expect(b.take("u1", "typing", 2, 1, t)).toBe(true); // another event
    expect(b.take("u2", "message", 2, 1, t)).toBe(true); // another user
    expect(b.take("u1", "message", 2, 1, t + 1000)).toBe(true); // refilled
  });

  it("drops refilled buckets when idle and stays bounded under a flood of distinct keys", () => {
    const b = new MemoryBuckets(100, 60_000);
    for (let i = 0; i < 10_000; i++) b.take(`ip-${String(i)}`, "message", 5, 1, 1_000 + i);
    expect(b.size).toBeLessThanOrEqual(100);
    // A scope still being limited survives a sweep; idle ones go.
    const c = new MemoryBuckets(1000, 10);
    c.take("busy", "message", 1, 0.001, 0);
    c.take("idle", "message", 10, 1000, 0);
    c.take("new", "message", 1, 1, 100); // new scope after sweepEveryMs: sweep runs
    expect(c.take("busy", "message", 1, 0.001, 100)).toBe(false);
    expect(c.size).toBe(2);
  });
});

describe("ConcurrencyGate (password hashing)", () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  it("runs at most `concurrency`, queues `maxQueue`, refuses the rest at once, and caps a key", async () => {
    const gate = new ConcurrencyGate(() => ({ concurrency: 2, maxQueue: 2, perKey: 3 }));
    const d = [deferred(), deferred(), deferred(), deferred()];
    let started = 0;
    const run = (i: number, key?: string) => gate.run(async () => { started += 1; await d[i]?.promise; return i; }, key);
    const p = [run(0, "a"), run(1, "a"), run(2, "a"), run(3, "b")];
    await Promise.resolve();
    expect(started).toBe(2);
    expect(gate.stats()).toEqual({ running: 2, waiting: 2 });
    await expect(run(9, "a")).rejects.toSatisfy((e) => gateRefusal(e) === "key_busy");
    await expect(run(9, "c")).rejects.toSatisfy((e) => gateRefusal(e) === "queue_full");
    for (const x of d) x.resolve();
    expect(await Promise.all(p)).toEqual([0, 1, 2, 3]);
    expect(gate.stats()).toEqual({ running: 0, waiting: 0 });
    expect(await run(5, "a").catch(() => "refused")).toBe(5); // the key's count went back to 0
  });

  it("a failing task frees its slot", async () => {
    const gate = new ConcurrencyGate(() => ({ concurrency: 1, maxQueue: 0, perKey: 0 }));
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run(() => Promise.resolve("ok"))).toBe("ok");
    expect(gateRefusal(new GateRefused("queue_full"))).toBe("queue_full");
    expect(gateRefusal(new Error("other"))).toBeUndefined();
  });
});

function fakeSocket(userId: string, address = "10.0.0.1", headers: Record<string, string> = {}) {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    connected: false,
    data: { userId, role: "learner", name: "L" },
    handshake: { auth: {}, headers, address },
  }) as unknown as AppSocket & EventEmitter & { connected: boolean };
}

describe("connection caps", () => {
  it("ConnectionCounts refuses past the cap per user and per IP and counts the refusals", () => {
    const c = new ConnectionCounts();
    const l = { connectionsPerUser: 2, connectionsPerIp: 3 };
    expect([c.tryAcquire("u1", "ip", l), c.tryAcquire("u1", "ip", l), c.tryAcquire("u1", "ip", l)]).toEqual([null, null, "user"]);
    expect([c.tryAcquire("u2", "ip", l), c.tryAcquire("u3", "ip", l)]).toEqual([null, "ip"]);
    c.release("u1", "ip");
    expect(c.tryAcquire("u1", "ip", l)).toBeNull();
    expect([c.refusedPerUser, c.refusedPerIp]).toEqual([1, 1]);
    expect(c.open()).toEqual({ users: 2, ips: 1, sockets: 3 });
  });

  it("the middleware refuses with the contract message, and releases exactly once", async () => {
    const cap = connectionCap({ limits: { ...DEFAULT_LIMITS, connectionsPerUser: 1, connectionsPerIp: 10 }, trustProxy: 0 });
    const run = (s: AppSocket) => {
      let out: string | null = "not called";
      cap(s, (err) => { out = err ? err.message : null; });
      return out;
    };
    const before = connectionCounts().open().sockets;
    const a = fakeSocket("cap-user", "::ffff:10.9.9.9", { "x-forwarded-for": "1.1.1.1" });
    a.connected = true; // Socket.IO connects it in the tick the middleware scheduled
    expect(run(a)).toBeNull();
    expect(a.data.ip).toBe("10.9.9.9"); // the peer; the header is not trusted
    expect(run(fakeSocket("cap-user"))).toBe(ConnectErrorMessage.TooManyConnections);
    await new Promise<void>((r) => { process.nextTick(r); });
    expect(connectionCounts().open().sockets).toBe(before + 1);
    releaseConnection(a);
    releaseConnection(a);
    expect(connectionCounts().open().sockets).toBe(before);
    // A socket whose client left during the handshake never connects: released on the next tick.
    const gone = fakeSocket("cap-user");
    expect(run(gone)).toBeNull();
    await new Promise<void>((r) => { process.nextTick(r); });
    expect(connectionCounts().open().sockets).toBe(before);
    expect(run(fakeSocket("cap-user"))).toBeNull();
  });
});

describe("eventDispatcher: per-user and per-IP buckets", () => {
  const table: EventTable = { ping: defineEvent({ schema: z.unknown(), rate: [2, 0.001], handle: () => "pong" }) };

  function dispatcherFor(perUser: number, perIp: number) {
    return eventDispatcher(table, { realtime: {} as never, state: {} as never, services: {} as never }, {
      users: new MemoryBuckets(),
      ips: new MemoryBuckets(),
      perUser,
      perIp,
    });
  }
  async function burst(dispatch: ReturnType<typeof dispatcherFor>, socket: AppSocket, n: number): Promise<string[]> {
    const acks: Promise<string>[] = [];
    for (let i = 0; i < n; i++) {
      acks.push(new Promise((resolve) => {
        dispatch.call(socket, "ping", null, (res: { ok: boolean; error?: { code: string } }) => { resolve(res.ok ? "ok" : (res.error?.code ?? "?")); });
      }));
    }
    return Promise.all(acks);
  }

  it("sums a user's sockets: each socket has its own 2, the user 2 in all", async () => {
    const dispatch = dispatcherFor(1, 100);
    const sockets = [1, 2, 3].map(() => Object.assign(fakeSocket("u-many"), { data: { userId: "u-many", ip: "10.0.0.1" } }) as AppSocket);
    const results = (await Promise.all(sockets.map((s) => burst(dispatch, s, 2)))).flat();
    expect(results.filter((r) => r === "ok")).toHaveLength(2);
    expect(results.filter((r) => r === "RATE_LIMITED")).toHaveLength(4);
  });

  it("sums an IP's users", async () => {
    const dispatch = dispatcherFor(100, 1.5);
    const sockets = ["a", "b", "c"].map((u) => Object.assign(fakeSocket(u), { data: { userId: u, ip: "10.0.0.7" } }) as AppSocket);
    const results = (await Promise.all(sockets.map((s) => burst(dispatch, s, 2)))).flat();
    expect(results.filter((r) => r === "ok")).toHaveLength(3);
    // Another IP is not affected.
    const other = Object.assign(fakeSocket("d"), { data: { userId: "d", ip: "10.0.0.8" } }) as AppSocket;
    expect(await burst(dispatch, other, 2)).toEqual(["ok", "ok"]);
  });
});
