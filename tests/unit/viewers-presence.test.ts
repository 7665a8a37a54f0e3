import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { UserStatusDto } from "@/contracts/dto";
import { PresenceRegistry } from "@/server/realtime/presence";
import { ViewerRegistry } from "@/server/realtime/viewers";

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("ViewerRegistry", () => {
  it("counts distinct users: two tabs of one user count once; never negative", () => {
    const sent: number[] = [];
    const v = new ViewerRegistry((_id, n) => sent.push(n), 1000);
    expect(v.join("vid", "u1", "s1")).toBe(1);
    expect(v.join("vid", "u1", "s2")).toBe(1);
    expect(v.join("vid", "u2", "s3")).toBe(2);
    expect(v.leave("vid", "u1", "s1")).toBe(2);
    expect(v.leave("vid", "u1", "s2")).toBe(1);
    expect(v.leave("vid", "u1", "s2")).toBe(1);
    expect(v.leave("vid", "nobody", "sx")).toBe(1);
    v.leaveAll(["vid", "other"], "u2", "s3");
    expect(v.count("vid")).toBe(0);
    expect(v.leave("vid", "u2", "s3")).toBe(0);
  });

  it("throttles to one send per interval per video and always sends the latest value last", () => {
    const sent: [string, number][] = [];
    const v = new ViewerRegistry((id, n) => sent.push([id, n]), 1000);
    v.join("a", "u1", "s1"); // sent at once
    v.join("a", "u2", "s2");
    v.join("a", "u3", "s3");
    v.leave("a", "u2", "s2");
    v.join("b", "u1", "s4"); // another video has its own budget
    expect(sent).toEqual([["a", 1], ["b", 1]]);
    vi.advanceTimersByTime(999);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([["a", 1], ["b", 1], ["a", 2]]);
    v.leave("a", "u1", "s1");
    v.leave("a", "u3", "s3");
    vi.advanceTimersByTime(1000);
    expect(sent.at(-1)).toEqual(["a", 0]);
    v.close();
  });
});

describe("PresenceRegistry", () => {
  function setup() {
    const changes: UserStatusDto[] = [];
    const offline: string[] = [];
    const p = new PresenceRegistry((s) => changes.push(s), (id) => offline.push(id), 5000);
    return { p, changes, offline, statuses: () => changes.map((c) => `${c.userId}:${c.status}`) };
  }

  it("online with any active tab, away when all are hidden, offline only after the grace period", () => {
    const { p, statuses, offline } = setup();
    p.connect("u1", "s1");
    p.connect("u1", "s2");
    p.setActive("u1", "s1", false);
    expect(statuses()).toEqual(["u1:online"]);
    p.setActive("u1", "s2", false);
    expect(statuses()).toEqual(["u1:online", "u1:away"]);
    p.setActive("u1", "s1", true);
    p.disconnect("u1", "s1"); // only the hidden tab remains
    expect(statuses()).toEqual(["u1:online", "u1:away", "u1:online", "u1:away"]);
    p.disconnect("u1", "s2");
    vi.advanceTimersByTime(4999);
    expect(p.get("u1")?.status).toBe("away");
    vi.advanceTimersByTime(1);
    expect(statuses().at(-1)).toBe("u1:offline");
    expect(offline).toEqual(["u1"]);
    expect(p.get("u1")).toBeNull();
  });

  it("a reload within the grace period does not flap", () => {
    const { p, statuses, offline } = setup();
    p.connect("u1", "s1");
    p.disconnect("u1", "s1");
    vi.advanceTimersByTime(2000);
    p.connect("u1", "s2");
    vi.advanceTimersByTime(10_000);
    expect(statuses()).toEqual(["u1:online"]);
    expect(offline).toEqual([]);
  });

  it("reports when the user was last seen and since when they are online (kept as epoch ms)", () => {
    const { p, changes } = setup();
    p.connect("u1", "s1");
    expect(changes.at(-1)?.lastSeenAt).toBe(new Date(1_000_000).toISOString());
    vi.advanceTimersByTime(3000);
    p.connect("u1", "s2");
    expect(p.get("u1")?.lastSeenAt).toBe(new Date(1_003_000).toISOString());
    expect(p.list()).toEqual([{ userId: "u1", status: "online", since: new Date(1_000_000), connections: 2 }]);
    p.close();
  });

  it("ignores unknown sockets and users", () => {
    const { p, statuses } = setup();
    p.setActive("ghost", "s1", true);
    p.disconnect("ghost", "s1");
    p.connect("u1", "s1");
    p.setActive("u1", "other-socket", false);
    expect(statuses()).toEqual(["u1:online"]);
    p.close();
  });
});
