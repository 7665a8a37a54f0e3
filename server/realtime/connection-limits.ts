import { ConnectErrorMessage } from "@/contracts/errors";
import { clientIp } from "../http/client-ip";
import type { Limits } from "../limits";
import { runtime } from "../runtime";
import type { AppSocket } from "./types";

/**
 * Concurrent main-namespace sockets per user and per client IP (server/README.md "Limits").
 * Counts hold only keys with open sockets, so memory follows the live connections. The refusal
 * counters are in the runtime registry for a metrics endpoint (connectionLimitStats()).
 */
export class ConnectionCounts {
  private readonly byUser = new Map<string, number>();
  private readonly byIp = new Map<string, number>();
  refusedPerUser = 0;
  refusedPerIp = 0;

  /** Counts the socket in, or says which cap it would exceed (and counts the refusal). */
  tryAcquire(userId: string, ip: string, limits: Pick<Limits, "connectionsPerUser" | "connectionsPerIp">): "user" | "ip" | null {
    const users = this.byUser.get(userId) ?? 0;
    if (limits.connectionsPerUser > 0 && users >= limits.connectionsPerUser) {
      this.refusedPerUser += 1;
      return "user";
    }
    const ips = this.byIp.get(ip) ?? 0;
    if (limits.connectionsPerIp > 0 && ips >= limits.connectionsPerIp) {
      this.refusedPerIp += 1;
      return "ip";
    }
    this.byUser.set(userId, users + 1);
    this.byIp.set(ip, ips + 1);
    return null;
  }

  release(userId: string, ip: string): void {
    decrement(this.byUser, userId);
    decrement(this.byIp, ip);
  }

  open(): { users: number; ips: number; sockets: number } {
    let sockets = 0;
    for (const n of this.byUser.values()) sockets += n;
    return { users: this.byUser.size, ips: this.byIp.size, sockets };
  }
}

function decrement(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 0) - 1;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

export const connectionCounts = (): ConnectionCounts => runtime.store("connection-counts", () => new ConnectionCounts());

/** For a metrics endpoint: sockets counted in, and handshakes refused by each cap since the start. */
export function connectionLimitStats(): { open: ReturnType<ConnectionCounts["open"]>; refusedPerUser: number; refusedPerIp: number } {
  const c = connectionCounts();
  return { open: c.open(), refusedPerUser: c.refusedPerUser, refusedPerIp: c.refusedPerIp };
}

/** Sockets counted in and not yet released: the guard that makes the release happen exactly once. */
const counted = new WeakSet<AppSocket>();

/**
 * Handshake middleware for `/`, registered after socketAuth (it needs `socket.data.userId`) and last:
 * puts the client's IP on `socket.data.ip` and counts the socket in, or refuses it with
 * `connect_error` "limit: too many connections". A counted socket is released on `disconnect`
 * (call releaseConnection from the disconnect listener) or, if it never connects (the client left
 * during the handshake), on the tick after the middleware: Socket.IO connects or drops the socket in
 * the nextTick it schedules when the last middleware calls next(), which runs before ours.
 */
export function connectionCap({ limits, trustProxy }: { limits: Limits; trustProxy: number }) {
  return (socket: AppSocket, next: (err?: Error) => void): void => {
    const ip = clientIp(socket.handshake.address, socket.handshake.headers["x-forwarded-for"], trustProxy);
    socket.data.ip = ip;
    if (connectionCounts().tryAcquire(socket.data.userId, ip, limits) !== null) {
      next(new Error(ConnectErrorMessage.TooManyConnections));
      return;
    }
    counted.add(socket);
    next();
    process.nextTick(releaseIfNotConnected, socket);
  };
}

function releaseIfNotConnected(socket: AppSocket): void {
  if (!socket.connected) releaseConnection(socket);
}

/** Uncounts the socket; a second call (or one for a socket never counted) does nothing. */
export function releaseConnection(socket: AppSocket): void {
  if (!counted.delete(socket)) return;
  connectionCounts().release(socket.data.userId, socket.data.ip ?? "unknown");
}
