import { io, type Socket } from "socket.io-client";
import { ADMIN_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from "@/contracts/socket";

/**
 * The browser's sockets, created once per tab and shared by every hook and cache entry.
 * They never auto-connect: the SocketProvider connects them once auth is known and
 * disconnects them on logout. `auth` is a function, so every (re)connect sends the freshest token.
 */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let readToken: () => string | null = () => null;
let mainSocket: AppSocket | null = null;
let adminSocket: AppSocket | null = null;

const options = () => ({
  autoConnect: false,
  // WebSocket first: a server with several nodes (REDIS_URL) serves WebSocket only, so no request of a
  // session depends on reaching the node that holds it; long-polling stays the fallback where a single
  // server is reached through something that blocks WebSocket (docs/DEPLOY.md "Why no long-polling").
  transports: ["websocket", "polling"],
  tryAllTransports: true,
  withCredentials: true,
  auth: (cb: (data: object) => void) => {
    cb({ token: readToken() });
  },
});

/** Tells the sockets where to read the current access token (the Redux store). */
export function setTokenReader(reader: () => string | null): void {
  readToken = reader;
}

export function getSocket(): AppSocket {
  mainSocket ??= io(options());
  return mainSocket;
}

/** The `/admin` namespace (admins only); multiplexed over the main connection. */
export function getAdminSocket(): AppSocket {
  adminSocket ??= io(ADMIN_NAMESPACE, options());
  return adminSocket;
}
