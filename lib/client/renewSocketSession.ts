import type { AuthResponse } from "@/contracts/dto";
import { ConnectErrorMessage } from "@/contracts/errors";
import { refreshSession } from "./refreshSession";
import type { AppSocket } from "./socket";

/** Handshake refusals that a fresh access token can cure. */
export const isRenewableConnectError = (message: string): boolean =>
  message === ConnectErrorMessage.ExpiredToken || message === ConnectErrorMessage.MissingToken;

interface RenewCallbacks {
  onSession: (session: AuthResponse) => void;
  onNoSession: () => void;
}

/**
 * Refreshes the access token and reconnects the socket (its `auth` callback reads the new token).
 * A refusal after a fresh token is not retried forever: callers pass the attempt budget.
 */
export async function renewSocketSession(socket: AppSocket, callbacks: RenewCallbacks): Promise<boolean> {
  const session = await refreshSession();
  if (!session) {
    callbacks.onNoSession();
    return false;
  }
  callbacks.onSession(session);
  if (!socket.connected) socket.connect();
  return true;
}
