import { describe, expect, it } from "vitest";
import type { UserStatusDto } from "@/contracts/dto";
import { buyFirstCourse, freshLearner } from "./support/chat";
import { connect, DEMO, emitAck, loginAs, nextEvent, record, settle, sleep, useTestServer } from "./support/harness";

// A grace period of 1.5 s instead of 5: the reload below comes back well within it.
const GRACE = 1500;
const t = useTestServer({ timings: { presenceGraceMs: GRACE } });

describe("presence across a reload (SPEC F6: offline only after a grace period)", () => {
  it("a user whose only tab is replaced within the grace period never shows offline; one who leaves does", async () => {
    const [reloader, leaver, instructor, admin] = await Promise.all([
      freshLearner(t.url, "Rae Reloader"),
      freshLearner(t.url, "Lee Leaver"),
      loginAs(t.url, DEMO.instructor),
      loginAs(t.url, DEMO.admin),
    ]);
    await Promise.all([buyFirstCourse(reloader), buyFirstCourse(leaver)]);
    const [is, as] = await Promise.all([connect(t.url, { token: instructor.token }), connect(t.url, { token: admin.token })]);
    const about = (id: string) => (u: UserStatusDto) => u.userId === id;
    const online = [reloader, leaver].flatMap((u) => [is, as].map((w) => nextEvent(w, "userStatusUpdate", 3000, about(u.user.id))));
    const [firstTab, leaverTab] = await Promise.all([connect(t.url, { token: reloader.token }), connect(t.url, { token: leaver.token })]);
    for (const update of await Promise.all(online)) expect(update.status).toBe("online");

    const heardByInstructor = record(is, "userStatusUpdate");
    const heardByAdmin = record(as, "userStatusUpdate");
    const leaverOffline = nextEvent(is, "userStatusUpdate", GRACE + 4000, (u) => u.userId === leaver.user.id && u.status === "offline");
    // The reload: the only tab goes, a new one comes 300 ms later. The other user just leaves.
    firstTab.close();
    leaverTab.close();
    await sleep(300);
    const secondTab = await connect(t.url, { token: reloader.token });

    expect(await leaverOffline).toMatchObject({ status: "offline", lastSeenAt: expect.any(String) as unknown });
    // The reloader's first tab closed with the leaver's: its offline, had it been due, is due now too.
    await sleep(200);
    await settle(is, as);
    for (const heard of [heardByInstructor, heardByAdmin]) {
      expect(heard.filter(about(reloader.user.id))).toEqual([]);
    }
    const now = await emitAck<UserStatusDto[]>(is, "getUsersStatus", [reloader.user.id, leaver.user.id]);
    expect(now.ok && now.data.map((u) => [u.userId, u.status])).toEqual([[reloader.user.id, "online"], [leaver.user.id, "offline"]]);
    expect(secondTab.connected).toBe(true);
  });
});
