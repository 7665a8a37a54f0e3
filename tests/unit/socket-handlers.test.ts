import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConnectErrorMessage } from "@/contracts/errors";
import { signAccessToken } from "@/server/auth/tokens";
import { socketAuth } from "@/server/realtime/auth";
import { markAsReadPayload, videoPayload } from "@/contracts/schemas";
import { defineEvent, eventDispatcher, type ClientEventTable, type EventTable } from "@/server/realtime/on-event";
import type { AppSocket } from "@/server/realtime/types";

const secret = "unit-test-secret-0123456789";
const admin = { id: "65f1c0ffee0000000000abcd", role: "admin" as const, name: "Ada" };
const learner = { ...admin, role: "learner" as const, name: "Lena" };

function fakeSocket(handshake: { auth?: unknown; cookie?: string } = {}) {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    data: {},
    handshake: { auth: handshake.auth ?? {}, headers: handshake.cookie ? { cookie: handshake.cookie } : {} },
  }) as unknown as AppSocket & EventEmitter;
}

function runAuth(socket: AppSocket, adminOnly = false, isLive = () => Promise.resolve(true)): Promise<string | null> {
  return new Promise((resolve) => {
    socketAuth(() => secret, { adminOnly, isLive })(socket, (err) => {
      resolve(err ? err.message : null);
    });
  });
}

describe("socket handshake auth", () => {
  it("refuses with the exact contract messages", async () => {
    expect(await runAuth(fakeSocket())).toBe(ConnectErrorMessage.MissingToken);
    expect(await runAuth(fakeSocket({ auth: { token: "forged.token.here" } }))).toBe(ConnectErrorMessage.InvalidToken);
    expect(await runAuth(fakeSocket({ auth: { token: signAccessToken(admin, "wrong", 60) } }))).toBe(ConnectErrorMessage.InvalidToken);
    expect(await runAuth(fakeSocket({ auth: { token: signAccessToken(admin, secret, -10) } }))).toBe(ConnectErrorMessage.ExpiredToken);
    expect(await runAuth(fakeSocket({ auth: { token: signAccessToken(learner, secret, 60) } }), true)).toBe(ConnectErrorMessage.Forbidden);
    expect(await runAuth(fakeSocket({ auth: { token: { $gt: "" } } }))).toBe(ConnectErrorMessage.MissingToken);
  });

  it("refuses a token whose session ended or whose account is gone, and says so when it cannot check", async () => {
    const token = signAccessToken(learner, secret, 60, "0123456789abcdef0123456789abcdef");
    const socket = fakeSocket({ auth: { token } });
    expect(await runAuth(socket, false, () => Promise.resolve(false))).toBe(ConnectErrorMessage.InvalidToken);
    expect(socket.data).toEqual({});
    expect(await runAuth(fakeSocket({ auth: { token } }), false, () => Promise.reject(new Error("store down")))).toBe(ConnectErrorMessage.Unavailable);
  });

  it("accepts auth.token or the access_token cookie, and fills socket.data", async () => {
    const byToken = fakeSocket({ auth: { token: `Bearer ${signAccessToken(admin, secret, 60, "0123456789abcdef0123456789abcdef")}` } });
    expect(await runAuth(byToken, true)).toBeNull();
    expect(byToken.data).toMatchObject({ userId: admin.id, role: "admin", name: "Ada", sid: "0123456789abcdef0123456789abcdef" });
    const byCookie = fakeSocket({ cookie: `x=1; access_token=${signAccessToken(learner, secret, 60)}` });
    expect(await runAuth(byCookie)).toBeNull();
    expect(byCookie.data.role).toBe("learner");
    expect(byCookie.data.tokenExp).toBeGreaterThan(Date.now() / 1000);
  });
});

/** A fake socket served by the real dispatcher, as create-io.ts wires it (`onAny`). */
function served(table: EventTable) {
  const socket = fakeSocket();
  const dispatch = eventDispatcher(table, { realtime: {} as never, state: {} as never, services: {} as never });
  socket.on("ping", (...args: unknown[]) => { dispatch.call(socket, "ping", ...args); });
  return socket;
}

describe("eventDispatcher: handlers never crash on bad input", () => {
  const waitAck = (socket: EventEmitter, ...args: unknown[]) =>
    new Promise((resolve) => socket.emit("ping", ...args, resolve));

  it("validates, acks ok/fail, and tolerates a missing or non-function ack", async () => {
    let calls = 0;
    const socket = served({
      ping: defineEvent({
        schema: z.object({ n: z.number() }),
        handle({ n }) {
          calls++;
          if (n < 0) throw new Error("boom");
          return { double: n * 2 };
        },
      }),
    });
    expect(await waitAck(socket, { n: 2 })).toEqual({ ok: true, data: { double: 4 } });
    expect(await waitAck(socket, { n: "2" })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await waitAck(socket)).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    const original = console.error;
    console.error = () => undefined;
    expect(await waitAck(socket, { n: -1 })).toMatchObject({ ok: false, error: { code: "INTERNAL" } });
    console.error = original;
    expect(() => socket.emit("ping", { n: 1 })).not.toThrow();
    expect(() => socket.emit("ping", { n: 1 }, "not a function")).not.toThrow();
    expect(() => socket.emit("ping", { n: 1 }, () => { throw new Error("client ack threw"); })).not.toThrow();
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toBe(5); // two refused by validation, five handled
  });

  it("rate-limits per socket", async () => {
    const socket = served({ ping: defineEvent({ schema: z.unknown(), rate: [2, 0.001], handle: () => "pong" }) });
    const results = [await waitAck(socket, 1), await waitAck(socket, 2), await waitAck(socket, 3)];
    expect(results.map((r) => (r as { ok: boolean }).ok)).toEqual([true, true, false]);
    expect(results[2]).toMatchObject({ error: { code: "RATE_LIMITED" } });
    // Buckets are per socket: another socket is not limited by this one's use.
    const other = served({ ping: defineEvent({ schema: z.unknown(), rate: [2, 0.001], handle: () => "pong" }) });
    expect(await waitAck(other, 1)).toEqual({ ok: true, data: "pong" });
  });

  it("answers an event outside the table with an ack error (never silence), and never throws", () => {
    const dispatch = eventDispatcher({ markAsRead: defineEvent({ schema: z.unknown(), handle: () => null }) }, { realtime: {} as never, state: {} as never, services: {} as never });
    const socket = fakeSocket();
    const acks: unknown[] = [];
    dispatch.call(socket, "markAsReed", { conversationId: "x" }, (res: unknown) => acks.push(res));
    dispatch.call(socket, "toString", (res: unknown) => acks.push(res));
    expect(acks).toEqual([
      { ok: false, error: { code: "BAD_REQUEST", message: 'unknown event "markAsReed"' } },
      { ok: false, error: { code: "BAD_REQUEST", message: 'unknown event "toString"' } },
    ]);
    expect(() => { dispatch.call(socket, "toString", () => { throw new Error("client ack threw"); }); }).not.toThrow();
    expect(() => { dispatch.call(socket, { $gt: "" }, 1); }).not.toThrow();
    expect(() => { dispatch.call(socket, "nothing-to-answer"); }).not.toThrow();
  });

  it("event tables are checked against the contract at compile time", () => {
    const ok = { markAsRead: defineEvent({ schema: markAsReadPayload, handle: () => ({ messageIds: [] as string[] }) }) } satisfies Partial<ClientEventTable>;
    // @ts-expect-error a misspelt event name is refused
    const misspelt = { markAsReed: defineEvent({ schema: markAsReadPayload, handle: () => ({ messageIds: [] as string[] }) }) } satisfies Partial<ClientEventTable>;
    // @ts-expect-error a schema whose output is not the contract's payload is refused
    const wrongSchema = { userStatus: defineEvent({ schema: z.string(), handle: () => null }) } satisfies Partial<ClientEventTable>;
    // @ts-expect-error an ack result of the wrong shape is refused
    const wrongResult = { watchingVideo: defineEvent({ schema: videoPayload, handle: () => ({ viewers: 1 }) }) } satisfies Partial<ClientEventTable>;
    expect(Object.keys({ ...ok, ...misspelt, ...wrongSchema, ...wrongResult })).toHaveLength(4);
  });
});
