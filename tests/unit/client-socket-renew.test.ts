import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectErrorMessage } from "@/contracts/errors";
import { isRenewableConnectError, renewSocketSession } from "@/lib/client/renewSocketSession";
import type { AppSocket } from "@/lib/client/socket";

const session = { accessToken: "fresh", user: { id: "u1", name: "Ada", email: "a@demo.test", role: "admin" } };

function fakeSocket(connected: boolean) {
  const connect = vi.fn();
  return { socket: { connected, connect } as unknown as AppSocket, connect };
}

describe("socket session renewal", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("renews only for refusals a fresh token can cure", () => {
    expect(isRenewableConnectError(ConnectErrorMessage.ExpiredToken)).toBe(true);
    expect(isRenewableConnectError(ConnectErrorMessage.MissingToken)).toBe(true);
    expect(isRenewableConnectError(ConnectErrorMessage.InvalidToken)).toBe(false);
    expect(isRenewableConnectError(ConnectErrorMessage.Forbidden)).toBe(false);
    expect(isRenewableConnectError("xhr poll error")).toBe(false);
  });

  it("stores the refreshed session and reconnects", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response(JSON.stringify(session), { status: 200 }))));
    const { socket, connect } = fakeSocket(false);
    const onSession = vi.fn();
    const onNoSession = vi.fn();
    expect(await renewSocketSession(socket, { onSession, onNoSession })).toBe(true);
    expect(onSession).toHaveBeenCalledWith(session);
    expect(onNoSession).not.toHaveBeenCalled();
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it("ends the session instead of reconnecting when the refresh is refused", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response("{}", { status: 401 }))));
    const { socket, connect } = fakeSocket(false);
    const onNoSession = vi.fn();
    expect(await renewSocketSession(socket, { onSession: vi.fn(), onNoSession })).toBe(false);
    expect(onNoSession).toHaveBeenCalledTimes(1);
    expect(connect).not.toHaveBeenCalled();
  });
});
