import type WebSocket from "ws";
import type { WebSocketServer } from "ws";
import { noteServerClose } from "./close-log";

/**
 * One timer for every native connection (SPEC F12): each period, a connection that has not answered
 * the previous ping is terminated (its close handler cleans presence, viewers and rooms up), the others
 * are pinged. A dead peer is gone between one and two periods after its last pong.
 */
export class Heartbeat {
  private readonly awaiting = new WeakSet<WebSocket>();
  private readonly timer: NodeJS.Timeout;
  /** One listener shared by every connection (ws calls it with the connection as `this`). */
  private readonly onPong: (this: WebSocket) => void;

  constructor(private readonly wss: WebSocketServer, periodMs: number) {
    const awaiting = this.awaiting;
    this.onPong = function onPong(this: WebSocket) { awaiting.delete(this); };
    this.timer = setInterval(() => { this.tick(); }, periodMs);
    this.timer.unref();
  }

  /** Starts watching a connection (from its upgrade on, so a silent unauthenticated one goes too). */
  watch(ws: WebSocket): void {
    ws.on("pong", this.onPong);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    for (const ws of this.wss.clients) {
      if (this.awaiting.has(ws)) {
        noteServerClose(ws, 1006, "no pong within the heartbeat period");
        ws.terminate();
        continue;
      }
      this.awaiting.add(ws);
      ws.ping();
    }
  }
}
