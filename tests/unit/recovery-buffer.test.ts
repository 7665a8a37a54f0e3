import { describe, expect, it } from "vitest";
import { RecoveryStore } from "../../server/realtime/recovery-buffer";

const MAX = 120_000;
const opts = (rooms: string[], except: string[] = []) => ({ rooms: new Set(rooms), except: new Set(except) });
const session = (pid: string, rooms: string[]) => ({ sid: `s-${pid}`, pid, rooms, data: { userId: pid } });

describe("recovery buffer (connection state recovery, kept as JSON)", () => {
  it("replays, in order, the packets after the client's offset that its rooms select, minus exclusions", () => {
    const store = new RecoveryStore(MAX);
    const t0 = 1_000_000;
    const first = ["newMessage", { id: "m0" }];
    store.packets.keep(first, opts(["user:a"]), t0);
    const offset = first.at(-1) as string; // appended as Socket.IO does
    store.packets.keep(["newMessage", { id: "m1", at: "2026-12-06T00:00:00.000Z" }], opts(["user:a", "user:b"]), t0 + 1);
    store.packets.keep(["newMessage", { id: "other" }], opts(["user:c"]), t0 + 2);
    store.packets.keep(["newReview", { n: 2 }], opts([]), t0 + 3); // everyone
    store.packets.keep(["newMessage", { id: "not-to-a" }], opts(["conversation:x"], ["user:a"]), t0 + 4);
    store.persist(session("a", ["user:a", "conversation:x"]), t0 + 5);
    const restored = store.restore("a", offset, t0 + 6);
    expect(restored?.sid).toBe("s-a");
    expect(restored?.data).toEqual({ userId: "a" });
    const missed = restored?.missedPackets ?? [];
    expect(missed.map((p) => p.slice(0, 2))).toEqual([
      ["newMessage", { id: "m1", at: "2026-12-06T00:00:00.000Z" }],
      ["newReview", { n: 2 }],
    ]);
    for (const p of missed) expect(typeof p.at(-1)).toBe("string"); // each with its own offset
  });

  it("does not recover an unknown session, an expired one, or an offset no longer kept", () => {
    const store = new RecoveryStore(MAX);
    const t0 = 5_000_000;
    const p = ["e", 1];
    store.packets.keep(p, opts(["r"]), t0);
    store.persist(session("a", ["r"]), t0);
    expect(store.restore("nobody", p.at(-1) as string, t0 + 1)).toBeNull();
    expect(store.restore("a", "no-such-offset", t0 + 1)).toBeNull();
    expect(store.restore("a", p.at(-1) as string, t0 + MAX + 1)).toBeNull(); // session expired
    store.persist(session("b", ["r"]), t0 + MAX);
    store.packets.keep(["e", 2], opts(["r"]), t0 + MAX + 1); // expires the first packet
    expect(store.restore("b", p.at(-1) as string, t0 + MAX + 2)).toBeNull();
  });

  it("forgets old packets as new ones arrive (bounded by the recovery window)", () => {
    const store = new RecoveryStore(1000);
    for (let i = 0; i < 5000; i++) store.packets.keep(["e", i], opts(["r"]), i);
    expect(store.packets.size).toBeLessThanOrEqual(1002);
  });

  it("keeps a packet with binary as it is", () => {
    const store = new RecoveryStore(MAX);
    const first = ["e", 0];
    store.packets.keep(first, opts(["r"]), 1);
    const buf = Buffer.from([1, 2, 3]);
    store.packets.keep(["file", buf], opts(["r"]), 2);
    store.persist(session("a", ["r"]), 3);
    const missed = store.restore("a", first.at(-1) as string, 4)?.missedPackets ?? [];
    expect(missed[0]?.[1]).toBe(buf);
  });
});
