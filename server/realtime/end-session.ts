import { ADMIN_NAMESPACE, rooms, type ServerToClientEvents } from "@/contracts/socket";
import { runtime } from "../runtime";

type Reason = Parameters<ServerToClientEvents["sessionEnded"]>[0]["reason"];

/**
 * Tells the sockets of one session (the `sid` of their handshake token) why they are closed, then
 * closes them, in both namespaces; other sessions of the same user stay. `fetchSockets` asks every
 * node once an adapter spans several (F11). Never throws: the session is already revoked, and a
 * socket that slips through is refused at its next handshake.
 */
export async function endSessionSockets(session: { userId: string; sid: string }, reason: Reason): Promise<number> {
  const io = runtime.getIo();
  if (!io) return 0;
  let ended = 0;
  try {
    const found = [
      ...(await io.in(rooms.user(session.userId)).fetchSockets()),
      ...(await io.of(ADMIN_NAMESPACE).fetchSockets()).filter((s) => s.data.userId === session.userId),
    ];
    for (const socket of found) {
      if (socket.data.sid !== session.sid) continue;
      socket.emit("sessionEnded", { reason });
      socket.disconnect(true);
      ended++;
    }
  } catch (e) {
    console.error("[realtime] ending a session's sockets failed:", e instanceof Error ? e.message : String(e));
  }
  return ended;
}
