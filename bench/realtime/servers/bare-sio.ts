import { createServer } from "node:http";
import { Server } from "socket.io";
import { serve } from "../lib/ipc";
import { bareApp, type Peer } from "./bare-app";
import { benchHandlers } from "./handlers";

/**
 * Variant B: a bare Socket.IO 4.8 server, websocket transport only, compression off. Identity comes
 * from `auth: { u, p }` (user, partner) without verification; the app logic is bare-app.ts.
 */

const http = createServer();
const io = new Server(http, {
  serveClient: false,
  transports: ["websocket"],
  perMessageDeflate: false,
  httpCompression: false,
  maxHttpBufferSize: 64 * 1024,
});
const app = bareApp({ toRoom: (room, event, payload) => { io.to(room).emit(event, payload); } });

io.on("connection", (socket) => {
  const auth = socket.handshake.auth as { u?: string; p?: string };
  const videos = new Set<string>();
  const peer: Peer = {
    userId: auth.u ?? socket.id,
    partnerId: auth.p ?? "",
    join(room) {
      void socket.join(room);
      if (room.startsWith("video:")) videos.add(room.slice(6));
    },
    leave(room) {
      void socket.leave(room);
      if (room.startsWith("video:")) videos.delete(room.slice(6));
    },
  };
  app.connected(peer);
  socket.onAny((event: string, ...args: unknown[]) => {
    const ack = args.at(-1);
    const reply = typeof ack === "function" ? (ack as (r: unknown) => void) : null;
    try {
      const result = app.handle(peer, socket.id, event, args[0]);
      reply?.({ ok: true, data: result });
    } catch (e) {
      reply?.({ ok: false, error: String(e) });
    }
  });
  socket.on("disconnect", () => { app.disconnected(peer, videos, socket.id); });
});

http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  serve(benchHandlers({
    url: `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`,
    connections: () => io.engine.clientsCount,
    broadcast: (videoId, seq) => { io.to(`video:${videoId}`).emit("viewerCount", { videoId, count: seq }); },
  }));
});
