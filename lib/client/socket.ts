import type { io as ioFactory, Socket } from "socket.io-client";
import { ADMIN_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from "@/contracts/socket";

/**
 * The browser's sockets, created once per tab and shared by every hook and cache entry.
 *
 * socket.io-client is not in any page's first-load JavaScript: `loadSocket()` imports it (its own
 * chunk) when someone signs in (`components/providers/SocketProvider.tsx`), so a visitor never
 * downloads or runs it. Until then there is no socket: `currentSocket()` is null and `whenSocket()`
 * waits (the socket-fed caches start listening when it resolves).
 *
 * The sockets never auto-connect: the SocketProvider connects the main one once auth is known and
 * disconnects it on logout. `auth` is a function, so every (re)connect sends the freshest token.
 */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let readToken: () => string | null = () => null;
let io: typeof ioFactory | null = null;
let mainSocket: AppSocket | null = null;
let adminSocket: AppSocket | null = null;
let loading: Promise<AppSocket> | null = null;
let announce: (socket: AppSocket) => void = () => undefined;
const mainReady = new Promise<AppSocket>((resolve) => {
  announce = resolve;
});

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

/**
 * Loads socket.io-client and creates the main socket (unconnected), once per tab. A failed chunk
 * load (network down) rejects and may be tried again.
 */
export function loadSocket(): Promise<AppSocket> {
  loading ??= import("socket.io-client").then(
    (module) => {
      io = module.io;
      mainSocket ??= io(options());
      announce(mainSocket);
      return mainSocket;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The main socket, or null before `loadSocket()` has finished (no one has signed in in this tab yet). */
export function currentSocket(): AppSocket | null {
  return mainSocket;
}

/** Resolves with the main socket once it exists; never, in a tab where no one signs in. */
export function whenSocket(): Promise<AppSocket> {
  return mainReady;
}

/** The `/admin` namespace (admins only); multiplexed over the main connection. Only once `loadSocket()` has finished. */
export function getAdminSocket(): AppSocket {
  if (!io) throw new Error("getAdminSocket() before loadSocket() finished: wait for whenSocket()");
  adminSocket ??= io(ADMIN_NAMESPACE, options());
  return adminSocket;
}
