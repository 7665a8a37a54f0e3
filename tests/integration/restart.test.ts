import { afterAll, describe, expect, it } from "vitest";
import type { HealthDto } from "@/contracts/dto";
import type { CoursesResponse, NotificationsResponse } from "@/contracts/rest";
import { DEMO, closeAllSockets, connect, loginAs, nextEvent, startTestServer, type TestServer } from "./support/harness";

let current: TestServer | null = null;
afterAll(async () => {
  await current?.stop();
});

describe("durability across a restart on the same DATA_DIR", () => {
  it("keeps notifications, purchases and accounts, and does not seed twice", async () => {
    current = await startTestServer();
    const health = (await (await fetch(`${current.url}/api/health`)).json()) as HealthDto;
    expect(health).toMatchObject({ status: "ok", db: { state: "connected", kind: "embedded" } });

    const learner = await loginAs(current.url, DEMO.learner1);
    const { courses } = (await learner.get<CoursesResponse>("/api/courses")).body;
    const course = courses[0];
    if (!course) throw new Error("no course");
    expect((await learner.post(`/api/courses/${course.id}/purchase`)).status).toBe(201);
    const admin = await loginAs(current.url, DEMO.admin);
    const before = (await admin.get<NotificationsResponse>("/api/notifications")).body;
    expect(before.notifications[0]?.message).toContain(course.title);

    // Shutdown tells live sockets why they are being closed.
    const socket = await connect(current.url, { token: admin.token });
    const ended = nextEvent(socket, "sessionEnded");
    const dataDir = current.dataDir;
    await current.stop({ keepData: true });
    expect(await ended).toEqual({ reason: "server_shutdown" });
    closeAllSockets();
    current = null;
    current = await startTestServer(dataDir);

    const admin2 = await loginAs(current.url, DEMO.admin);
    const after = (await admin2.get<NotificationsResponse>("/api/notifications")).body;
    expect(after).toEqual(before);
    const learner2 = await loginAs(current.url, DEMO.learner1);
    const again = await learner2.post(`/api/courses/${course.id}/purchase`);
    expect(again.status).toBe(200);
    const coursesAfter = (await learner2.get<CoursesResponse>("/api/courses")).body.courses;
    expect(coursesAfter.map((c) => c.id)).toEqual(courses.map((c) => c.id));
  });
});
