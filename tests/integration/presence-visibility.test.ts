import { describe, expect, it } from "vitest";
import type { UserStatusDto } from "@/contracts/dto";
import { buyFirstCourse, freshLearner } from "./support/chat";
import { connect, DEMO, emitAck, loginAs, record, settle, useTestServer, type ClientSocket } from "./support/harness";

const t = useTestServer();
const UNKNOWN = "aaaaaaaaaaaaaaaaaaaaaaaa";

/** The ids `getUsersStatus` answers for, and the ids it pushed as `userStatusUpdate` to the asker. */
async function ask(socket: ClientSocket, ids: string[]): Promise<{ answered: string[]; pushed: string[] }> {
  const pushed = record(socket, "userStatusUpdate");
  const ack = await emitAck<UserStatusDto[]>(socket, "getUsersStatus", ids);
  if (!ack.ok) throw new Error(ack.error.message);
  await settle(socket);
  return { answered: ack.data.map((s) => s.userId), pushed: pushed.map((s) => s.userId) };
}

describe("getUsersStatus answers only for users the caller may see", () => {
  it("a learner with no purchase sees only themselves: not another learner, not an instructor, not an admin", async () => {
    const [me, learner1, instructor, admin] = await Promise.all([
      freshLearner(t.url),
      loginAs(t.url, DEMO.learner1),
      loginAs(t.url, DEMO.instructor),
      loginAs(t.url, DEMO.admin),
    ]);
    // Everyone asked about is online, so an answer would say so.
    await Promise.all([learner1, instructor, admin].map((u) => connect(t.url, { token: u.token })));
    const s = await connect(t.url, { token: me.token });
    const res = await ask(s, [learner1.user.id, instructor.user.id, admin.user.id, me.user.id, UNKNOWN]);
    expect(res).toEqual({ answered: [me.user.id], pushed: [me.user.id] });
  });

  it("buying a course lets the learner and that course's instructor see each other, nobody else", async () => {
    const [buyer, other, instructor] = await Promise.all([freshLearner(t.url, "Bea Buyer"), freshLearner(t.url), loginAs(t.url, DEMO.instructor)]);
    const [bs, is] = await Promise.all([connect(t.url, { token: buyer.token }), connect(t.url, { token: instructor.token })]);
    await connect(t.url, { token: other.token });
    expect((await ask(bs, [instructor.user.id])).answered).toEqual([]);
    expect((await ask(is, [buyer.user.id, other.user.id])).answered).toEqual([]);

    await buyFirstCourse(buyer);
    expect(await ask(bs, [instructor.user.id, other.user.id])).toEqual({ answered: [instructor.user.id], pushed: [instructor.user.id] });
    expect(await ask(is, [buyer.user.id, other.user.id])).toEqual({ answered: [buyer.user.id], pushed: [buyer.user.id] });
  });

  it("an admin sees everyone, online or offline (with lastSeenAt); unknown ids are left out", async () => {
    const [admin, online, offline, instructor] = await Promise.all([
      loginAs(t.url, DEMO.admin),
      freshLearner(t.url),
      freshLearner(t.url, "Never Online"),
      loginAs(t.url, DEMO.instructor),
    ]);
    await Promise.all([connect(t.url, { token: online.token }), connect(t.url, { token: instructor.token })]);
    const as = await connect(t.url, { token: admin.token });
    const ack = await emitAck<UserStatusDto[]>(as, "getUsersStatus", [online.user.id, offline.user.id, instructor.user.id, UNKNOWN]);
    expect(ack).toEqual({
      ok: true,
      data: [
        expect.objectContaining({ userId: online.user.id, status: "online" }) as unknown,
        { userId: offline.user.id, status: "offline", lastSeenAt: null },
        expect.objectContaining({ userId: instructor.user.id, status: "online" }) as unknown,
      ],
    });
  });
});
