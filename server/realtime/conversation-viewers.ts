import { rooms } from "@/contracts/socket";
import type { AppIo } from "../runtime";

/**
 * Whether some tab of `userId` has the conversation open, i.e. sits in `conversation:<id>` (joined with
 * `joinConversation`, left on `leaveConversation` or disconnect). Reads this node's adapter: with the
 * Redis adapter (F11) this becomes a cluster-wide query.
 */
export function isViewingConversation(io: AppIo, userId: string, conversationId: string): boolean {
  const ns = io.of("/");
  const members = ns.adapter.rooms.get(rooms.conversation(conversationId));
  if (!members) return false;
  for (const socketId of members) {
    if (ns.sockets.get(socketId)?.data.userId === userId) return true;
  }
  return false;
}
