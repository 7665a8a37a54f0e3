import { randomUUID } from "node:crypto";
import { ViewerRegistry } from "@/server/realtime/viewers";

/**
 * The application logic of the bare variants (A: ws, B: Socket.IO), kept as small as the scenarios
 * allow so that they measure the transport: user rooms, presence relayed to one partner, viewer
 * counts per video (throttled like ours), and chat relayed with an ack. No auth, no store.
 */

export interface Transport {
  /** Sends one event to every connection in `room`. */
  toRoom(room: string, event: string, payload: unknown): void;
}

export interface Peer {
  userId: string;
  partnerId: string;
  join(room: string): void;
  leave(room: string): void;
}

interface MessageIn { recipientId?: string; conversationId?: string; content: string; clientId: string }

export function bareApp(transport: Transport) {
  const conversations = new Map<string, [string, string]>();
  const byPair = new Map<string, string>();
  const online = new Map<string, number>();
  const viewers = new ViewerRegistry((videoId, count) => {
    transport.toRoom(`video:${videoId}`, "viewerCount", { videoId, count });
  });
  const status = (p: Peer, s: "online" | "away" | "offline") => {
    if (p.partnerId) transport.toRoom(`user:${p.partnerId}`, "userStatusUpdate", { userId: p.userId, status: s, lastSeenAt: null });
  };

  return {
    viewers,
    connected(p: Peer): void {
      p.join(`user:${p.userId}`);
      const n = (online.get(p.userId) ?? 0) + 1;
      online.set(p.userId, n);
      if (n === 1) status(p, "online");
    },
    disconnected(p: Peer, videos: Iterable<string>, socketId: string): void {
      viewers.leaveAll(videos, p.userId, socketId);
      const n = (online.get(p.userId) ?? 1) - 1;
      if (n > 0) online.set(p.userId, n);
      else {
        online.delete(p.userId);
        status(p, "offline");
      }
    },
    /** Returns the ack payload, or throws. */
    handle(p: Peer, socketId: string, event: string, data: unknown): unknown {
      switch (event) {
        case "userStatus":
          status(p, data === true ? "online" : "away");
          return null;
        case "watchingVideo": {
          const { videoId } = data as { videoId: string };
          p.join(`video:${videoId}`);
          return { count: viewers.join(videoId, p.userId, socketId) };
        }
        case "leaveVideo": {
          const { videoId } = data as { videoId: string };
          p.leave(`video:${videoId}`);
          viewers.leave(videoId, p.userId, socketId);
          return null;
        }
        case "joinConversation":
        case "leaveConversation":
          return null;
        case "message": {
          const m = data as MessageIn;
          let convId = m.conversationId;
          if (!convId) {
            const other = m.recipientId ?? "";
            const key = [p.userId, other].sort().join(":");
            convId = byPair.get(key);
            if (!convId) {
              convId = randomUUID();
              byPair.set(key, convId);
              conversations.set(convId, [p.userId, other]);
            }
          }
          const members = conversations.get(convId);
          if (!members?.includes(p.userId)) throw new Error("NOT_FOUND");
          const msg = {
            id: randomUUID(), conversationId: convId, senderId: p.userId, content: m.content,
            clientId: m.clientId, status: "sent", createdAt: new Date().toISOString(),
          };
          for (const u of members) transport.toRoom(`user:${u}`, "newMessage", msg);
          return msg;
        }
        default:
          throw new Error(`unknown event ${event}`);
      }
    },
  };
}
