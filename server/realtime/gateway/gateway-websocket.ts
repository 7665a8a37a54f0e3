import WebSocket from "ws";
import type { NativeSocket } from "./native-socket";

/** What the gateway does with a connection's events: one set of functions for every connection. */
export interface ConnectionEvents {
  /** A frame from an admitted client. */
  message(ws: GatewayWebSocket, raw: WebSocket.RawData, isBinary: boolean): void;
  close(ws: GatewayWebSocket, code: number, reason: Buffer): void;
  error(ws: GatewayWebSocket, err: Error): void;
  pong(ws: GatewayWebSocket): void;
}

/**
 * The gateway's WebSocket (ws's `WebSocket` server option): a connection hands its events to the
 * gateway's functions, shared by every connection, rather than to listeners registered on it. Every
 * event name with a listener is a slot in the connection's own listener table, and four of them
 * (message, close, error, pong) made that table 96 B larger than bare `ws` with two
 * (docs/BENCHMARKS.md "Native gateway"). It also knows its namespace member (a WeakMap did).
 *
 * Until the client is admitted its frames go to listeners as usual: gateway-auth.ts waits for an
 * `auth` frame with one, removed once it is done.
 */
export abstract class GatewayWebSocket extends WebSocket {
  /** The namespace member, once the client is admitted. */
  member: NativeSocket | null = null;

  protected abstract get events(): ConnectionEvents;

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    switch (event) {
      case "message":
        if (!this.member) return super.emit(event, ...args);
        this.events.message(this, args[0] as WebSocket.RawData, args[1] === true);
        return true;
      case "close": {
        // ws's server forgets the client in its own listener (and the admission may be waiting on it).
        const heard = super.emit(event, ...args);
        this.events.close(this, args[0] as number, args[1] as Buffer);
        return heard;
      }
      case "error":
        this.events.error(this, args[0] as Error);
        return true;
      case "pong":
        this.events.pong(this);
        return true;
      default:
        return super.emit(event, ...args);
    }
  }
}

/** The class to give ws's server: each connection it makes is served by `events`. */
export function gatewayWebSocketClass(events: ConnectionEvents) {
  return class ServedWebSocket extends GatewayWebSocket {
    protected override get events(): ConnectionEvents {
      return events;
    }
  };
}
