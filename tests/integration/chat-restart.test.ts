import { afterAll, describe, expect, it } from "vitest";
import type { ConversationsResponse, MessagesPageResponse } from "@/contracts/rest";
import { buyFirstCourse, sendOk } from "./support/chat";
import { DEMO, closeAllSockets, connect, loginAs, startTestServer, type TestServer } from "./support/harness";

let current: TestServer | null = null;
afterAll(async () => {
  closeAllSockets();
  await current?.stop();
});

describe("chat across a restart (SPEC F9)", () => {
  it("keeps every acknowledged message and its clientId (a retry after the restart is no duplicate)", async () => {
    current = await startTestServer();
    const learner = await loginAs(current.url, DEMO.learner1);
    await buyFirstCourse(learner);
    const socket = await connect(current.url, { token: learner.token });
    const instructorId = (await loginAs(current.url, DEMO.instructor)).user.id;
    const acked = await sendOk(socket, { recipientId: instructorId }, "please survive", "survivor-0001");
    socket.close();
    const dataDir = current.dataDir;
    await current.stop({ keepData: true });
    current = await startTestServer(dataDir);

    const instructor = await loginAs(current.url, DEMO.instructor);
    const { conversations } = (await instructor.get<ConversationsResponse>("/api/conversations")).body;
    expect(conversations[0]).toMatchObject({ id: acked.conversationId, unreadCount: 1, lastMessage: acked });
    const history = (await instructor.get<MessagesPageResponse>(`/api/messages/history/${learner.user.id}`)).body;
    expect(history.messages).toEqual([acked]);

    const again = await connect(current.url, { token: (await loginAs(current.url, DEMO.learner1)).token });
    expect(await sendOk(again, { recipientId: instructorId }, "please survive", "survivor-0001")).toEqual(acked);
  });
});
