import { Types } from "mongoose";
import { afterAll, describe, expect, it } from "vitest";
import type { ErrorResponse } from "@/contracts/errors";
import type { MeResponse } from "@/contracts/rest";
import { Api, DEMO, closeAllSockets, connect, loginAs, nextEvent, startTestServer, tokenFor, type TestServer } from "./support/harness";

let current: TestServer | null = null;
afterAll(async () => {
  closeAllSockets();
  await current?.stop();
});
const server = async (): Promise<TestServer> => (current ??= await startTestServer());

const connectError = async (url: string, token: string): Promise<string> => {
  try {
    await connect(url, { token });
    return "connected";
  } catch (e) {
    return (e as Error).message;
  }
};

describe("sessions that really end", () => {
  it("logout ends that session's sockets (sessionEnded logged_out) and its access tokens, and no other session", async () => {
    const t = await server();
    const phone = await loginAs(t.url, DEMO.learner2);
    const laptop = await loginAs(t.url, DEMO.learner2);
    const phoneSocket = await connect(t.url, { token: phone.token });
    const laptopSocket = await connect(t.url, { token: laptop.token });
    const ended = nextEvent(phoneSocket, "sessionEnded");
    const gone = new Promise<string>((resolve) => phoneSocket.once("disconnect", resolve));

    expect((await phone.post("/api/auth/logout")).status).toBe(200);
    expect(await ended).toEqual({ reason: "logged_out" });
    expect(await gone).toBe("io server disconnect");

    // The logged-out access token is useless at once, on REST and in a handshake.
    const stale = new Api(t.url, phone.token);
    const me = await stale.get<ErrorResponse>("/api/auth/me");
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe("UNAUTHENTICATED");
    expect(await connectError(t.url, phone.token ?? "")).toBe("auth: invalid token");

    // The other session of the same user goes on.
    expect(laptopSocket.connected).toBe(true);
    expect((await laptop.get<MeResponse>("/api/auth/me")).status).toBe(200);
  });

  it("a logged-out token stays refused after a restart", async () => {
    const t = await server();
    const api = await loginAs(t.url, DEMO.learner1);
    expect((await api.post("/api/auth/logout")).status).toBe(200);
    const dataDir = t.dataDir;
    closeAllSockets();
    await t.stop({ keepData: true });
    current = await startTestServer(dataDir);
    expect((await new Api(current.url, api.token).get("/api/auth/me")).status).toBe(401);
    expect(await connectError(current.url, api.token ?? "")).toBe("auth: invalid token");
  });

  it("a validly signed token for a user who does not exist is refused on REST and in the handshake", async () => {
    const t = await server();
    const ghost = tokenFor({ id: new Types.ObjectId().toHexString(), name: "Ghost", email: "ghost@example.test", role: "learner" }, 600);
    const api = new Api(t.url, ghost);
    expect((await api.get("/api/auth/me")).status).toBe(401);
    expect((await api.get("/api/support")).status).toBe(401);
    expect((await api.put("/api/notifications/read-all")).status).toBe(401);
    expect(await connectError(t.url, ghost)).toBe("auth: invalid token");
    // A real user's token signed the same way still works.
    const real = await loginAs(t.url, DEMO.instructor);
    expect((await new Api(t.url, tokenFor(real.user, 600)).get("/api/auth/me")).status).toBe(200);
  });
});
