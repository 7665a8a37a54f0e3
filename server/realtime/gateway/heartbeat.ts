import type WebSocket from "ws";
import { noteServerClose } from "./close-log";

/**
 * One timer for every native connection (SPEC F12): each period, a connection that has not answered
 * the previous ping is terminated (its close handler cleans presence, viewers and rooms up), the others
 * are pinged. A dead peer is gone between one and two periods after its last pong.
 */
export class Heartbeat {
  private readonly awaiting = new WeakSet<WebSocket>();
  private readonly timer: NodeJS.Timeout;

  /** `clients`: every open connection, from its upgrade on (so a silent unauthenticated one goes too). */
  constructor(private readonly clients: ReadonlySet<WebSocket>, periodMs: number) {
    this.timer = setInterval(() => { this.tick(); }, periodMs);
    this.timer.unref();
  }

  /** The connection answered a ping. */
  pong(ws: WebSocket): void {
    this.awaiting.delete(ws);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    for (const ws of this.clients) {
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
