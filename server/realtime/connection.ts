import { rooms } from "@/contracts/socket";
import type { ServedSocket } from "./types";

/** Rooms every authenticated socket joins: `user:<id>`, and `admin` for admins. */
export function joinPersonalRooms(socket: Pick<ServedSocket, "data" | "join">): void {
  void socket.join(rooms.user(socket.data.userId));
  if (socket.data.role === "admin") void socket.join(rooms.admin);
}

/**
 * What SessionExpiry needs of a client: a Socket.IO socket, or a native gateway connection (which
 * answers `sessionEnded` by closing with 4401 "expired").
 */
export interface Expirable {
  readonly data: { readonly tokenExp: number };
  emit(event: "sessionEnded", payload: { reason: "token_expired" }): unknown;
  disconnect(close: boolean): unknown;
}

/**
 * Stops serving sockets whose access token expired: `sessionEnded { reason: "token_expired" }`, then
 * disconnect (the client refreshes and reconnects; with connection state recovery nothing is lost).
 * One timer for all sockets, ticking each second over sockets grouped by expiry second, instead of a
 * timer per socket; native gateway connections share it.
 */
export class SessionExpiry {
  private readonly due = new Map<number, Set<Expirable>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly tickMs = 1000) {}

  add(socket: Expirable): void {
    const exp = socket.data.tokenExp;
    if (exp * 1000 <= Date.now()) {
      this.end(socket);
      return;
    }
    let set = this.due.get(exp);
    if (!set) this.due.set(exp, (set = new Set()));
    set.add(socket);
    this.timer ??= setInterval(() => { this.tick(); }, this.tickMs).unref();
  }

  remove(socket: Expirable): void {
    const set = this.due.get(socket.data.tokenExp);
    if (!set?.delete(socket)) return;
    if (set.size === 0) this.due.delete(socket.data.tokenExp);
    this.stopWhenEmpty();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.due.clear();
  }

  private tick(): void {
    const now = Date.now() / 1000;
    for (const [exp, sockets] of this.due) {
      if (exp > now) continue;
      this.due.delete(exp);
      for (const socket of sockets) this.end(socket);
    }
    this.stopWhenEmpty();
  }

  private end(socket: Expirable): void {
    socket.emit("sessionEnded", { reason: "token_expired" });
    socket.disconnect(true);
  }

  private stopWhenEmpty(): void {
    if (this.due.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
