import { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import type { JobStateDto } from "@/contracts/jobs";
import { Certificate } from "@/models/Certificate";
import { JobRecord } from "@/models/JobRecord";
import { findFile, saveBuffer } from "@/server/jobs/files";
import { DEMO, loginAs, useTestServer, type Api } from "./support/harness";
import { completeLessons, newJobId, ownedCourse, seed001Clients, slowJob } from "./support/jobs";

/**
 * Retention (server/jobs/retention.ts) with short settings: ids registered and never started are
 * freed, finished jobs' records and unreferenced files go, certificates' PDFs stay. The clean-up is
 * the recurring `jobs-cleanup` job on the queue itself.
 */
const retention = { unstartedMs: 2000, finishedMs: 4000, everyMs: 400 };
const t = useTestServer({ jobs: { extraDefinitions: [slowJob({ steps: 6 })], processEveryMs: 300, retention } });

const status = async (api: Api, jobId: string) => (await api.get<JobStateDto>(`/api/jobs/${jobId}`)).status;

describe("job retention", () => {
  it("an id registered and never started is freed; a started job is not touched", async () => {
    const [owner, other] = await Promise.all([loginAs(t.url, DEMO.learner1), loginAs(t.url, DEMO.learner2)]);
    const [first, second] = await seed001Clients(t.url, owner.token, other.token);
    const idle = newJobId();
    expect(await first.register(idle)).toMatchObject({ ok: true, data: { state: "registered" } });
    expect(await second.register(idle)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });

    // A job that runs longer than the registration lifetime is not an unstarted registration.
    const slow = newJobId();
    await first.register(slow);
    expect((await owner.post("/api/jobs", { jobId: slow, kind: "test-slow", params: {} })).status).toBe(202);

    await expect.poll(async () => (await second.register(idle)).ok, { timeout: 20_000, interval: 300 }).toBe(true);
    expect(await status(owner, idle)).toBe(404); // it is the other user's id now
    expect(await first.result(slow, 20_000)).toMatchObject({ status: 201 });
    first.close();
    second.close();
  });

  it("a finished export's record and file go after the retention; a certificate's PDF stays, and a new job finds it", async () => {
    const admin = await loginAs(t.url, DEMO.admin);
    const learner = await loginAs(t.url, DEMO.learner2);
    await completeLessons(learner, await ownedCourse(learner));
    const course = await ownedCourse(learner);
    const [adminClient, learnerClient] = await seed001Clients(t.url, admin.token, learner.token);
    const orphan = await saveBuffer("orphan.txt", "text/plain", Buffer.from("nobody refers to me"));

    const exportId = newJobId();
    await adminClient.register(exportId);
    await admin.post("/api/jobs", { jobId: exportId, kind: "purchases-export", params: {} });
    const certId = newJobId();
    await learnerClient.register(certId);
    await learner.post("/api/jobs", { jobId: certId, kind: "certificate", params: { courseId: course.id } });
    expect(await adminClient.result(exportId)).toMatchObject({ status: 201 });
    const cert = await learnerClient.result(certId);
    expect(cert).toMatchObject({ status: 201 });
    const exportFileId = (await JobRecord.findOne({ jobId: exportId }).lean())?.fileId ?? new Types.ObjectId();
    expect(await findFile(exportFileId)).not.toBeNull();
    expect((await learner.get(`/api/jobs/${certId}/download`)).status).toBe(200); // not yet expired

    await expect.poll(() => status(admin, exportId), { timeout: 20_000, interval: 300 }).toBe(404);
    await expect.poll(() => findFile(exportFileId), { timeout: 10_000, interval: 300 }).toBeNull();
    await expect.poll(() => findFile(orphan.id), { timeout: 10_000, interval: 300 }).toBeNull();
    await expect.poll(() => status(learner, certId), { timeout: 20_000, interval: 300 }).toBe(404);

    const stored = await Certificate.findOne({ learner: new Types.ObjectId(learner.user.id), course: new Types.ObjectId(course.id) }).lean().orFail();
    expect(stored.fileId && (await findFile(stored.fileId))).toMatchObject({ contentType: "application/pdf", size: cert.data?.size });
    expect((await fetch(`${t.url}/certificates/${stored._id}`)).status).toBe(200);
    const again = newJobId();
    await learnerClient.register(again);
    await learner.post("/api/jobs", { jobId: again, kind: "certificate", params: { courseId: course.id } });
    expect(await learnerClient.result(again)).toMatchObject({ status: 201, data: { size: cert.data?.size } });
    expect((await learner.get(`/api/jobs/${again}/download`)).status).toBe(200);
    adminClient.close();
    learnerClient.close();
  });
});
