import { rooms } from "@/contracts/socket";
import type { AppSocket } from "./types";

/** setTimeout's ceiling (~24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** Rooms every authenticated socket joins: `user:<id>`, and `admin` for admins. */
export function joinPersonalRooms(socket: AppSocket): void {
  void socket.join(rooms.user(socket.data.userId));
  if (socket.data.role === "admin") void socket.join(rooms.admin);
}

/**
 * Stops serving a socket whose access token expired: `sessionEnded { reason: "token_expired" }`, then
 * disconnect. The client refreshes and reconnects (with connection state recovery, nothing is lost).
 */
export function expireWithToken(socket: AppSocket): void {
  const ms = Math.min(MAX_TIMER_MS, Math.max(0, socket.data.tokenExp * 1000 - Date.now()));
  const timer = setTimeout(() => {
    socket.emit("sessionEnded", { reason: "token_expired" });
    socket.disconnect(true);
  }, ms);
  timer.unref();
  socket.once("disconnect", () => {
    clearTimeout(timer);
  });
}
