import { createServer } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { serve } from "../lib/ipc";
import { frameText } from "../load/conn";
import { bareApp, type Peer } from "./bare-app";
import { benchHandlers } from "./handlers";

/**
 * Variant A: a bare `ws` server, the practical limit for Node. Frames are JSON arrays:
 * client `[event, data, ackId?]`, server `[event, data]` or `["ack", ackId, result]`.
 */

const rooms = new Map<string, Set<WebSocket>>();
const http = createServer();
const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 64 * 1024 });

/** Encodes once, writes to every member, like engine.io's broadcast. */
function toRoom(room: string, event: string, payload: unknown): void {
  const members = rooms.get(room);
  if (!members) return;
  const frame = JSON.stringify([event, payload]);
  for (const ws of members) ws.send(frame);
}
const app = bareApp({ toRoom });

let nextId = 0;
wss.on("connection", (ws, req) => {
  const q = new URL(req.url ?? "/", "http://x").searchParams;
  const socketId = String(nextId++);
  const joined = new Set<string>();
  const videos = new Set<string>();
  const peer: Peer = {
    userId: q.get("u") ?? socketId,
    partnerId: q.get("p") ?? "",
    join(room) {
      joined.add(room);
      let set = rooms.get(room);
      if (!set) rooms.set(room, (set = new Set()));
      set.add(ws);
      if (room.startsWith("video:")) videos.add(room.slice(6));
    },
    leave(room) {
      joined.delete(room);
      rooms.get(room)?.delete(ws);
      if (room.startsWith("video:")) videos.delete(room.slice(6));
    },
  };
  app.connected(peer);
  ws.on("message", (raw) => {
    let ackId: unknown;
    try {
      const [event, data, id] = JSON.parse(frameText(raw)) as [string, unknown, number | undefined];
      ackId = id;
      const result = app.handle(peer, socketId, event, data);
      if (ackId !== undefined) ws.send(JSON.stringify(["ack", ackId, { ok: true, data: result }]));
    } catch (e) {
      if (ackId !== undefined) ws.send(JSON.stringify(["ack", ackId, { ok: false, error: String(e) }]));
    }
  });
  ws.on("close", () => {
    app.disconnected(peer, videos, socketId);
    for (const room of joined) {
      const set = rooms.get(room);
      set?.delete(ws);
      if (set?.size === 0) rooms.delete(room);
    }
  });
});

http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  serve(benchHandlers({
    url: `ws://127.0.0.1:${port}/`,
    connections: () => wss.clients.size,
    broadcast: (videoId, seq) => { toRoom(`video:${videoId}`, "viewerCount", { videoId, count: seq }); },
  }));
});
