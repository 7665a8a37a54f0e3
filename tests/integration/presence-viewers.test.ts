import { beforeAll, describe, expect, it, vi } from "vitest";
import type { UserStatusDto } from "@/contracts/dto";
import type { CoursesResponse } from "@/contracts/rest";
import {
  Api,
  connect,
  DEMO,
  emitAck,
  loginAs,
  nextEvent,
  record,
  settle,
  sleep,
  useTestServer,
} from "./support/harness";

// One test opens 450 tabs of one user from 127.0.0.1 to fill three send slices: the per-user and
// per-IP connection caps and event buckets (limits.test.ts) would refuse most of them.
// Counts are throttled to one broadcast per video per interval: a short one, so "nothing was sent"
// waits just past the moment a broadcast would have gone out.
const INTERVAL = 150;
const pastInterval = () => sleep(INTERVAL * 2);
const t = useTestServer({
  limits: { connectionsPerUser: 0, connectionsPerIp: 0, eventRatePerUser: 0, eventRatePerIp: 0 },
  timings: { viewerIntervalMs: INTERVAL },
});
let courses: CoursesResponse["courses"];
beforeAll(async () => {
  courses = ((await (await fetch(`${t.url}/api/courses`)).json()) as CoursesResponse).courses;
});

describe("viewer counts (watchingVideo / leaveVideo)", () => {
  it("counts distinct users, updates everyone watching, and drops on leave and on disconnect", async () => {
    const lessonId = courses[0]?.lessons[0]?.id ?? "";
    const [l1, l2] = await Promise.all([loginAs(t.url, DEMO.learner1), loginAs(t.url, DEMO.learner2)]);
    const [tabA, tabB, other] = await Promise.all([
      connect(t.url, { token: l1.token }),
      connect(t.url, { token: l1.token }),
      connect(t.url, { token: l2.token }),
    ]);
    const seenByOther = record(other, "viewerCount");
    expect(await emitAck(tabA, "watchingVideo", { videoId: lessonId })).toEqual({ ok: true, data: { count: 1 } });
    expect(await emitAck(tabB, "watchingVideo", { videoId: lessonId })).toEqual({ ok: true, data: { count: 1 } });
    expect(await emitAck(other, "watchingVideo", { videoId: lessonId })).toEqual({ ok: true, data: { count: 2 } });
    // Throttled, but the last value always arrives.
    await vi.waitFor(() => { expect(seenByOther.at(-1)).toEqual({ videoId: lessonId, count: 2 }); });
    await pastInterval();

    // One of learner1's two tabs leaves: still two viewers, so nothing is broadcast.
    const sentBefore = seenByOther.length;
    tabA.emit("leaveVideo", { videoId: lessonId });
    await settle(tabA, other);
    await pastInterval();
    expect(seenByOther.length).toBe(sentBefore);
    tabB.close(); // the same user's last tab goes: down to one viewer
    await vi.waitFor(() => { expect(seenByOther.at(-1)).toEqual({ videoId: lessonId, count: 1 }); });
    expect(seenByOther.every((e) => e.count >= 0)).toBe(true);
    expect(seenByOther.length).toBeLessThanOrEqual(4);
  });

  it("a count reaches every socket of a room larger than one send slice (sent in slices, not stored for recovery)", async () => {
    const lessonId = courses[1]?.lessons[0]?.id ?? "";
    const [l1, l2] = await Promise.all([loginAs(t.url, DEMO.learner1), loginAs(t.url, DEMO.learner2)]);
    // 450 tabs of one user (the count is of users) and one of another: three slices of 200.
    const tabs = await Promise.all(Array.from({ length: 450 }, () => connect(t.url, { token: l1.token })));
    const seen = tabs.map((tab) => record(tab, "viewerCount"));
    for (const tab of tabs) expect(await emitAck(tab, "watchingVideo", { videoId: lessonId })).toEqual({ ok: true, data: { count: 1 } });
    await pastInterval();
    // With connection state recovery on, Socket.IO keeps every broadcast (and every socket.emit) for
    // two minutes; a stale count must not be kept once per watcher.
    const storedPackets = () => (t.server.io.of("/").adapter as unknown as { keptPackets(): number }).keptPackets();
    const storedBefore = storedPackets();
    const other = await connect(t.url, { token: l2.token });
    expect(await emitAck(other, "watchingVideo", { videoId: lessonId })).toEqual({ ok: true, data: { count: 2 } });
    await vi.waitFor(() => { expect(seen.filter((events) => events.at(-1)?.count === 2)).toHaveLength(450); });
    expect(storedPackets() - storedBefore).toBeLessThan(10); // other events (presence) may be kept, not 451 counts
    for (const tab of tabs) tab.close();
  });

  it("refuses unknown videos and bad ids", async () => {
    const l1 = await loginAs(t.url, DEMO.learner1);
    const s = await connect(t.url, { token: l1.token });
    expect(await emitAck(s, "watchingVideo", { videoId: "aaaaaaaaaaaaaaaaaaaaaaaa" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await emitAck(s, "watchingVideo", { videoId: { $gt: "" } })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await emitAck(s, "joinCourse", { courseId: courses[0]?.id })).toEqual({ ok: true, data: null });
    expect(await emitAck(s, "joinLesson", { lessonId: "aaaaaaaaaaaaaaaaaaaaaaaa" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await emitAck(s, "message", { recipientId: l1.user.id, content: "hi", clientId: "client-0001" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });
});

describe("presence (userStatus / getUsersStatus)", () => {
  it("the instructor sees a buyer go online and away; an unrelated learner learns nothing", async () => {
    // A fresh account: the demo learners may still be inside their offline grace period from above.
    const email = `buyer-${Date.now()}@example.test`;
    await new Api(t.url).post("/api/auth/register", { name: "Bea Buyer", email, password: "long-enough-pw" });
    const [buyer, instructor, stranger, admin] = await Promise.all([
      loginAs(t.url, email, "long-enough-pw"),
      loginAs(t.url, DEMO.instructor),
      loginAs(t.url, DEMO.learner2),
      loginAs(t.url, DEMO.admin),
    ]);
    const course = courses[0];
    if (!course) throw new Error("no course");
    await buyer.post(`/api/courses/${course.id}/purchase`);

    const [is, ss, as] = await Promise.all([
      connect(t.url, { token: instructor.token }),
      connect(t.url, { token: stranger.token }),
      connect(t.url, { token: admin.token }),
    ]);
    const strangerHeard = record(ss, "userStatusUpdate");
    const aboutBuyer = (u: UserStatusDto) => u.userId === buyer.user.id;
    const instructorSees = nextEvent(is, "userStatusUpdate", 3000, aboutBuyer);
    const adminSees = nextEvent(as, "userStatusUpdate", 3000, aboutBuyer);
    const bs = await connect(t.url, { token: buyer.token });
    expect(await instructorSees).toMatchObject({ userId: buyer.user.id, status: "online" });
    expect(await adminSees).toMatchObject({ userId: buyer.user.id, status: "online" });

    const away = nextEvent(is, "userStatusUpdate", 3000, aboutBuyer);
    bs.emit("userStatus", false);
    expect(await away).toMatchObject({ userId: buyer.user.id, status: "away" });

    const asked = await emitAck<UserStatusDto[]>(is, "getUsersStatus", [buyer.user.id, admin.user.id]);
    expect(asked).toEqual({ ok: true, data: [expect.objectContaining({ userId: buyer.user.id, status: "away" }) as unknown] });
    const strangerAsks = await emitAck<UserStatusDto[]>(ss, "getUsersStatus", [buyer.user.id, instructor.user.id]);
    // learner2 owns a seeded course, so it may see that course's instructor, but never the other learner.
    expect(strangerAsks.ok && strangerAsks.data.map((u) => u.userId)).toEqual([instructor.user.id]);
    await settle(ss, is);
    expect(strangerHeard.filter((s) => s.userId === buyer.user.id)).toEqual([]);
    const adminAsks = await emitAck<UserStatusDto[]>(as, "getUsersStatus", [buyer.user.id, stranger.user.id]);
    expect(adminAsks.ok && adminAsks.data.map((s) => s.status)).toEqual(["away", "online"]);
    expect(await emitAck(as, "getUsersStatus", ["not-an-id"])).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
  });
});
