import { beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import type { HealthDto } from "@/contracts/dto";
import type { CoursesResponse } from "@/contracts/rest";
import { freshLearner } from "./support/chat";
import { DEMO, loginAs, tokenFor, useTestServer } from "./support/harness";
import { nativeAs, openNative, wsUrl } from "./support/native";

// A short heartbeat so a client that stops answering pings is gone within a second or so.
const HEARTBEAT = 400;
const t = useTestServer({ timings: { wsHeartbeatMs: HEARTBEAT } });
let lessons: { preview: string; paid: string };
beforeAll(async () => {
  const { courses } = (await (await fetch(`${t.url}/api/courses`)).json()) as CoursesResponse;
  const [preview, paid] = courses[0]?.lessons ?? [];
  if (!preview || !paid) throw new Error("no demo lessons");
  lessons = { preview: preview.id, paid: paid.id };
});

describe("native gateway auth (SPEC F12): four ways in, 4401 with a reason otherwise", () => {
  it("admits a token from ?token=, Authorization: Bearer, the access_token cookie or a first auth frame", async () => {
    const learner = await loginAs(t.url, DEMO.learner1);
    const token = learner.token ?? "";
    const ways = [
      () => openNative(wsUrl(t.url, `?token=${token}`)),
      () => openNative(wsUrl(t.url), { headers: { authorization: `Bearer ${token}` } }),
      () => openNative(wsUrl(t.url), { headers: { cookie: `theme=dark; access_token=${token}` } }),
      async () => {
        const c = await openNative(wsUrl(t.url));
        c.send({ type: "auth", token });
        return c;
      },
    ];
    for (const open of ways) {
      const c = await open();
      const welcome = await c.next("welcome");
      expect(welcome).toMatchObject({ userId: learner.user.id, message: expect.any(String) as string });
      expect(welcome.clientId).toMatch(/^\d+-[\w-]+$/);
      expect(new Date(welcome.timestamp as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
      c.ws.close(1000);
      expect((await c.closed).code).toBe(1000);
    }
  });

  it("closes 4401 missing, invalid or expired, and 4401 expired when the token expires on a live connection", async () => {
    const learner = await loginAs(t.url, DEMO.learner1);
    const refusals: [string, string][] = [];
    const tryWith = async (query: string, first?: unknown) => {
      const c = await openNative(wsUrl(t.url, query));
      if (first !== undefined) c.send(first);
      const { code, reason } = await c.closed;
      refusals.push([String(code), reason]);
      expect(c.frames.filter((f) => f.type === "welcome")).toEqual([]);
    };
    await tryWith("", { type: "ping" }); // a first frame that is not auth
    await tryWith("?token=forged.token.value");
    await tryWith(`?token=${tokenFor(learner.user, -10)}`);
    await tryWith("", { type: "auth", token: "nope" });
    await tryWith("", { type: "auth", token: tokenFor(learner.user, -10) });
    expect(refusals).toEqual([["4401", "missing"], ["4401", "invalid"], ["4401", "expired"], ["4401", "invalid"], ["4401", "expired"]]);

    const live = await nativeAs(t.url, tokenFor(learner.user, 2));
    expect(await live.next("sessionEnded", undefined, 6000)).toEqual({ type: "sessionEnded", data: { reason: "token_expired" } });
    expect(await live.closed).toEqual({ code: 4401, reason: "expired" });
  });

  it("closes 4401 missing when no token and no auth frame arrive within 5 s", async () => {
    const c = await openNative(wsUrl(t.url));
    const started = Date.now();
    expect(await c.closed).toEqual({ code: 4401, reason: "missing" });
    expect(Date.now() - started).toBeGreaterThan(4000);
  }, 10_000);

  it("refuses an upgrade from another site's page (its cookie must not open a session)", async () => {
    await expect(openNative(wsUrl(t.url), { headers: { origin: "https://evil.example" } })).rejects.toThrow(/403/);
  });
});

describe("seed 004 messages", () => {
  it("answers ping with pong and echo with original, keeps the connection on bad input", async () => {
    const learner = await loginAs(t.url, DEMO.learner1);
    const c = await nativeAs(t.url, learner.token ?? "");
    c.send({ type: "ping" });
    expect((await c.next("pong")).timestamp).toEqual(expect.any(String));
    c.send({ type: "echo", message: "Hello World!" });
    expect(await c.next("echo")).toMatchObject({ original: "Hello World!" });
    for (const bad of ["{not json", "42", "[1,2]", JSON.stringify({ type: 7 }), JSON.stringify({ type: "noSuchEvent" }), JSON.stringify({ type: "watchingVideo", id: "x", data: { videoId: "zz" } })]) {
      c.send(bad);
    }
    const errors = await Promise.all([0, 1, 2, 3, 4].map(() => c.next("error")));
    expect(errors.map((e) => e.code)).toEqual(Array(5).fill("BAD_REQUEST"));
    expect(errors[4]?.message).toMatch(/unknown type "noSuchEvent"/);
    expect(await c.next("ack", (f) => f.id === "x")).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    c.send({ type: "ping" });
    await c.next("pong");
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("joins and leaves a permitted room, refuses a forbidden one with FORBIDDEN", async () => {
    const outsider = await freshLearner(t.url, "Nat Native");
    const c = await nativeAs(t.url, outsider.token ?? "");
    c.send({ type: "join-room", room: `lesson:${lessons.preview}` });
    expect(await c.next("room-joined")).toMatchObject({ room: `lesson:${lessons.preview}`, timestamp: expect.any(String) as string });
    c.send({ type: "leave-room", room: `lesson:${lessons.preview}` });
    expect(await c.next("room-left")).toMatchObject({ room: `lesson:${lessons.preview}` });
    c.send({ type: "join-room", room: `lesson:${lessons.paid}` });
    expect(await c.next("error")).toMatchObject({ code: "FORBIDDEN" });
    c.send({ type: "join-room", room: "admin" });
    c.send({ type: "join-room", room: "user:0123456789abcdef01234567" });
    expect((await Promise.all([c.next("error"), c.next("error")])).map((e) => e.code)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
    c.send({ type: "join-room", room: "dashboard" });
    expect(await c.next("error")).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("only admins may broadcast (an announcement every user is notified of)", async () => {
    const [admin, learner] = await Promise.all([loginAs(t.url, DEMO.admin), loginAs(t.url, DEMO.learner2)]);
    const [a, l] = await Promise.all([nativeAs(t.url, admin.token ?? ""), nativeAs(t.url, learner.token ?? "")]);
    l.send({ type: "broadcast", message: "not mine to send" });
    expect(await l.next("error")).toMatchObject({ code: "FORBIDDEN" });
    a.send({ type: "broadcast", message: "Maintenance at noon" });
    expect((await a.next("broadcast-sent")).delivered).toBeGreaterThan(0);
    expect(await l.next("newNotification")).toMatchObject({ data: { type: "announcement", message: "Maintenance at noon" } });
  });
});

describe("frames the gateway will not take", () => {
  it("closes 1003 on a binary frame and 1009 on a frame over 64 KB", async () => {
    const learner = await loginAs(t.url, DEMO.learner1);
    const bin = await nativeAs(t.url, learner.token ?? "");
    bin.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await bin.closed).code).toBe(1003);
    const big = await nativeAs(t.url, learner.token ?? "");
    big.send({ type: "echo", message: "x".repeat(65 * 1024) });
    expect((await big.closed).code).toBe(1009);
  });

  it("rate-limits a flood and stays up", async () => {
    const learner = await loginAs(t.url, DEMO.learner1);
    const c = await nativeAs(t.url, learner.token ?? "");
    for (let i = 0; i < 300; i++) c.send({ type: "ping" });
    expect(await c.next("error")).toMatchObject({ code: "RATE_LIMITED" });
    const pongs = c.frames.filter((f) => f.type === "pong").length;
    expect(pongs).toBeLessThan(300);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe("close log", () => {
  it("logs every close once, with its code and reason and who, never the token", async () => {
    const learner = await loginAs(t.url, DEMO.learner1);
    const token = learner.token ?? "";
    const log = vi.spyOn(console, "log");
    try {
      const normal = await nativeAs(t.url, token);
      normal.ws.close(1000, "done");
      await normal.closed;
      const big = await nativeAs(t.url, token);
      big.send({ type: "echo", message: "x".repeat(65 * 1024) });
      await big.closed;
      const refused = await openNative(wsUrl(t.url, "?token=forged.token.value"));
      await refused.closed;
      const gone = await nativeAs(t.url, token);
      gone.ws.terminate();
      await expect.poll(() => log.mock.calls.filter(([line]) => String(line).startsWith("[gateway] closed")).length).toBe(4);
      const lines = log.mock.calls.map(([line]) => String(line)).filter((line) => line.startsWith("[gateway] closed"));
      expect(lines[0]).toMatch(new RegExp(`closed by client: code 1000 "done", client ${normal.clientId}, user ${learner.user.id}`));
      expect(lines[1]).toMatch(/closed by server: code 1009 "Max payload size exceeded"/);
      expect(lines[2]).toMatch(/closed by server: code 4401 "invalid", client -, user -/);
      expect(lines[3]).toMatch(new RegExp(`closed by client: code 1006, client ${gone.clientId}`));
      for (const line of lines) expect(line).not.toContain(token.slice(-20));
    } finally {
      log.mockRestore();
    }
  });
});

describe("heartbeat and health", () => {
  it("terminates a client that stops answering pings, and cleans its presence and counts up", async () => {
    const learner = await freshLearner(t.url, "Sid Silent");
    const c = await openNative(wsUrl(t.url, `?token=${learner.token ?? ""}`), { autoPong: false });
    await c.next("welcome");
    const health = async () => ((await (await fetch(`${t.url}/api/health`)).json()) as HealthDto).connections;
    expect((await health()).native).toBeGreaterThanOrEqual(1);
    const before = (await health()).native;
    const { code } = await c.closed;
    expect(code).toBe(1006);
    expect((await health()).native).toBe(before - 1);
  });

  it("keeps a client that answers pings", async () => {
    const learner = await loginAs(t.url, DEMO.learner1);
    const c = await nativeAs(t.url, learner.token ?? "");
    // Past three heartbeats: a client that did not answer would be gone after the second.
    await new Promise((r) => setTimeout(r, HEARTBEAT * 3 + 200));
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });
});
