import { describe, expect, it } from "vitest";
import { ConnectErrorMessage } from "@/contracts/errors";
import type { NotificationsResponse } from "@/contracts/rest";
import {
  connect,
  DEMO,
  emitAck,
  loginAs,
  nextEvent,
  record,
  settle,
  tokenFor,
  useTestServer,
} from "./support/harness";

const t = useTestServer();

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "connected",
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );

describe("handshake", () => {
  it("refuses missing, forged and expired tokens with the exact connect_error messages", async () => {
    const learner = await loginAs(t.url, DEMO.learner1);
    expect(await refusal(connect(t.url))).toBe(ConnectErrorMessage.MissingToken);
    expect(await refusal(connect(t.url, { token: "forged.jwt.token" }))).toBe(ConnectErrorMessage.InvalidToken);
    expect(await refusal(connect(t.url, { token: tokenFor(learner.user, -1) }))).toBe(ConnectErrorMessage.ExpiredToken);
    expect(await refusal(connect(t.url, { ns: "/admin" }))).toBe(ConnectErrorMessage.MissingToken);
  });

  it("/admin admits admins only", async () => {
    const [learner, instructor, admin] = await Promise.all([
      loginAs(t.url, DEMO.learner1),
      loginAs(t.url, DEMO.instructor),
      loginAs(t.url, DEMO.admin),
    ]);
    expect(await refusal(connect(t.url, { ns: "/admin", token: learner.token }))).toBe(ConnectErrorMessage.Forbidden);
    expect(await refusal(connect(t.url, { ns: "/admin", token: instructor.token }))).toBe(ConnectErrorMessage.Forbidden);
    expect(await refusal(connect(t.url, { ns: "/admin", token: admin.token }))).toBe("connected");
  });

  it("authenticates by the access_token cookie when no auth.token is given", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const cookie = `access_token=${admin.cookies.get("access_token") ?? ""}`;
    const socket = await connect(t.url, { cookie });
    expect(socket.connected).toBe(true);
  });

  it("ends the session when the token expires: sessionEnded, then disconnect", async () => {
    const learner = await loginAs(t.url, DEMO.learner2);
    const socket = await connect(t.url, { token: tokenFor(learner.user, 2) });
    const ended = nextEvent(socket, "sessionEnded", 4000);
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    expect(await ended).toEqual({ reason: "token_expired" });
    expect(await disconnected).toBe("io server disconnect");
  });
});

describe("notification (admin announcements)", () => {
  it("a learner is refused with FORBIDDEN and nobody hears anything", async () => {
    const [learner, admin, other] = await Promise.all([
      loginAs(t.url, DEMO.learner1),
      loginAs(t.url, DEMO.admin),
      loginAs(t.url, DEMO.learner2),
    ]);
    const before = (await admin.get<NotificationsResponse>("/api/notifications?scope=all&limit=100")).body.notifications.length;
    const [ls, as, os] = await Promise.all([connect(t.url, { token: learner.token }), connect(t.url, { token: admin.token }), connect(t.url, { token: other.token })]);
    const heard = [record(ls, "newNotification"), record(as, "newNotification"), record(os, "newNotification")];
    const ack = await emitAck(ls, "notification", { title: "Free stuff", message: "click here" });
    expect(ack).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const targeted = await emitAck(ls, "notification", { title: "x", message: "y", userId: other.user.id });
    expect(targeted).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    await settle(ls, as, os);
    expect(heard.map((h) => h.length)).toEqual([0, 0, 0]);
    const after = (await admin.get<NotificationsResponse>("/api/notifications?scope=all&limit=100")).body.notifications.length;
    expect(after).toBe(before);
  });

  it("an admin reaches one user, all admins, or everyone; persisted per recipient", async () => {
    const [admin, learner1, learner2, instructor] = await Promise.all([
      loginAs(t.url, DEMO.admin),
      loginAs(t.url, DEMO.learner1),
      loginAs(t.url, DEMO.learner2),
      loginAs(t.url, DEMO.instructor),
    ]);
    const [as, l1, l2, is] = await Promise.all([
      connect(t.url, { token: admin.token }),
      connect(t.url, { token: learner1.token }),
      connect(t.url, { token: learner2.token }),
      connect(t.url, { token: instructor.token }),
    ]);
    const heard = [as, l1, l2, is].map((s) => record(s, "newNotification"));

    const one = await emitAck<{ delivered: number }>(as, "notification", { title: "Hi Lena", message: "Just you", userId: learner1.user.id });
    expect(one).toEqual({ ok: true, data: { delivered: 1 } });
    await settle(as, l1, l2, is);
    expect(heard.map((h) => h.length)).toEqual([0, 1, 0, 0]);
    expect(heard[1]?.[0]).toMatchObject({ title: "Hi Lena", message: "Just you", type: "announcement", status: "unread", recipientId: learner1.user.id });

    const all = await emitAck<{ delivered: number }>(as, "notification", { title: "Maintenance", message: "Tonight at 22:00" });
    expect(all.ok && all.data.delivered).toBeGreaterThanOrEqual(3);
    await settle(as, l1, l2, is);
    expect(heard.map((h) => h.length)).toEqual([0, 2, 1, 1]);

    const stored = await learner2.get<NotificationsResponse>("/api/notifications");
    expect(stored.body.notifications[0]).toMatchObject({ title: "Maintenance", type: "announcement" });

    const unknownUser = await emitAck(as, "notification", { title: "x", message: "y", userId: "aaaaaaaaaaaaaaaaaaaaaaaa" });
    expect(unknownUser).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("hostile payloads get { ok: false } (or nothing without an ack) and the server keeps working", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const socket = await connect(t.url, { token: admin.token });
    const hostile = [{ title: { $gt: "" }, message: "x" }, "string", null, { title: "x".repeat(500), message: "y" }, { title: "t", message: "m", userId: { $ne: null } }];
    for (const bad of hostile) {
      expect(await emitAck(socket, "notification", bad)).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    }
    // The burst of five is spent: the next one is rate-limited before anything else happens.
    expect(await emitAck(socket, "notification", { title: "t", message: "m" })).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    socket.emit("notification", { title: "no ack", message: "at all" }, undefined as never);
    (socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit("notification", { title: 1 }, "not-a-function");
    (socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit("noSuchEvent", { x: 1 });
    await settle(socket);
    expect(socket.connected).toBe(true);
    // Oversized frames (> 64 KB) close that connection only.
    const big = await connect(t.url, { token: admin.token });
    const gone = new Promise<string>((resolve) => big.once("disconnect", resolve));
    big.emit("notification", { title: "big", message: "x".repeat(100_000) }, () => undefined);
    expect(await gone).toBe("transport close");
    expect(await emitAck(socket, "watchingVideo", { videoId: "nope" })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect((await fetchHealth()).db.state).toBe("connected");
  });
});

async function fetchHealth(): Promise<{ db: { state: string } }> {
  return (await (await fetch(`${t.url}/api/health`)).json()) as { db: { state: string } };
}
