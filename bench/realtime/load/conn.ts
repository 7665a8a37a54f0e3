import WebSocket from "ws";

/**
 * The load generator's client connections: raw WebSockets that speak Engine.IO v4 / Socket.IO
 * framing (variants B and D), the bare JSON-array framing of variant A, or our native gateway's
 * JSON objects (variant "D over /ws", docs/GATEWAY.md). No socket.io-client:
 * one process must hold thousands of them cheaply.
 */

export type Handler = (data: unknown) => void;

/** ws hands text frames over as a Buffer (or fragments): decode them as UTF-8. */
export const frameText = (raw: WebSocket.RawData): string =>
  Buffer.isBuffer(raw) ? raw.toString("utf8") : Array.isArray(raw) ? Buffer.concat(raw).toString("utf8") : Buffer.from(raw).toString("utf8");

export interface Conn {
  emit(event: string, data: unknown, ack?: (res: unknown) => void): void;
  on(event: string, handler: Handler): void;
  close(): void;
  readonly closed: boolean;
}

export interface Identity { userId: string; partnerId: string; token?: string }
export type Protocol = "plain" | "socketio" | "native";

const CONNECT_TIMEOUT_MS = 20_000;

abstract class BaseConn implements Conn {
  protected readonly handlers = new Map<string, Handler>();
  protected readonly acks = new Map<number, (res: unknown) => void>();
  protected nextAck = 1;
  closed = false;
  constructor(protected readonly ws: WebSocket) {
    ws.on("close", () => { this.closed = true; });
    ws.on("error", () => { this.closed = true; });
  }
  on(event: string, handler: Handler): void {
    this.handlers.set(event, handler);
  }
  close(): void {
    this.closed = true;
    this.ws.terminate();
  }
  abstract emit(event: string, data: unknown, ack?: (res: unknown) => void): void;
  protected send(frame: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }
}

class PlainConn extends BaseConn {
  constructor(ws: WebSocket) {
    super(ws);
    ws.on("message", (raw) => {
      const [event, a, b] = JSON.parse(frameText(raw)) as [string, unknown, unknown];
      if (event === "ack") {
        const cb = this.acks.get(a as number);
        this.acks.delete(a as number);
        cb?.(b);
      } else this.handlers.get(event)?.(a);
    });
  }
  emit(event: string, data: unknown, ack?: (res: unknown) => void): void {
    if (!ack) {
      this.send(JSON.stringify([event, data]));
      return;
    }
    const id = this.nextAck++;
    this.acks.set(id, ack);
    this.send(JSON.stringify([event, data, id]));
  }
}

/** Engine.IO v4 over a websocket, Socket.IO v5 packets on the main namespace. */
class SocketIoConn extends BaseConn {
  constructor(ws: WebSocket) {
    super(ws);
    ws.on("message", (raw) => { this.onFrame(frameText(raw)); });
  }
  private onFrame(frame: string): void {
    if (frame === "2") {
      this.send("3"); // engine.io ping -> pong
      return;
    }
    if (!frame.startsWith("4")) return; // open, noop and close frames
    const type = frame[1];
    if (type === "2") {
      const [event, data] = JSON.parse(frame.slice(2)) as [string, unknown];
      this.handlers.get(event)?.(data);
    } else if (type === "3") {
      const bracket = frame.indexOf("[");
      const id = Number(frame.slice(2, bracket));
      const [res] = JSON.parse(frame.slice(bracket)) as [unknown];
      const cb = this.acks.get(id);
      this.acks.delete(id);
      cb?.(res);
    }
  }
  emit(event: string, data: unknown, ack?: (res: unknown) => void): void {
    if (!ack) {
      this.send(`42${JSON.stringify([event, data])}`);
      return;
    }
    const id = this.nextAck++;
    this.acks.set(id, ack);
    this.send(`42${String(id)}${JSON.stringify([event, data])}`);
  }
}

/** The native gateway (/ws): `{ type, id, data }` out, `{ type, data }` and `{ type: "ack", id, ok, ... }` in. */
class NativeConn extends BaseConn {
  constructor(ws: WebSocket) {
    super(ws);
    ws.on("message", (raw) => {
      const frame = JSON.parse(frameText(raw)) as { type: string; id?: number; data?: unknown };
      if (frame.type !== "ack") {
        this.handlers.get(frame.type)?.(frame.data);
        return;
      }
      const id = frame.id ?? -1;
      const cb = this.acks.get(id);
      this.acks.delete(id);
      const { type: _type, id: _id, ...ack } = frame;
      cb?.(ack);
    });
  }
  emit(event: string, data: unknown, ack?: (res: unknown) => void): void {
    if (!ack) {
      this.send(JSON.stringify({ type: event, data }));
      return;
    }
    const id = this.nextAck++;
    this.acks.set(id, ack);
    this.send(JSON.stringify({ type: event, id, data }));
  }
}

/** Opens one connection and resolves once the server has accepted it (Socket.IO: the CONNECT answer; native: the welcome). */
export function dial(url: string, protocol: Protocol, who: Identity): Promise<Conn> {
  const target = protocol === "plain" ? `${url}?u=${who.userId}&p=${who.partnerId}` : protocol === "native" ? `${url}?token=${who.token ?? ""}` : url;
  // The generator must stay cheaper per frame than the servers it measures: no UTF-8 re-validation.
  const ws = new WebSocket(target, { perMessageDeflate: false, skipUTF8Validation: true });
  return new Promise<Conn>((resolve, reject) => {
    const timer = setTimeout(() => { fail(new Error("connect timed out")); }, CONNECT_TIMEOUT_MS);
    const fail = (e: Error) => {
      clearTimeout(timer);
      ws.terminate();
      reject(e);
    };
    ws.once("error", fail);
    if (protocol === "plain") {
      ws.once("open", () => {
        clearTimeout(timer);
        ws.off("error", fail);
        resolve(new PlainConn(ws));
      });
      return;
    }
    if (protocol === "native") {
      const onWelcome = (raw: WebSocket.RawData) => {
        if (!frameText(raw).includes('"welcome"')) return;
        clearTimeout(timer);
        ws.off("message", onWelcome);
        ws.off("error", fail);
        resolve(new NativeConn(ws));
      };
      ws.on("message", onWelcome);
      ws.once("close", (code, reason) => { fail(new Error(`refused: ${String(code)} ${reason.toString()}`)); });
      return;
    }
    const onHandshake = (raw: WebSocket.RawData) => {
      const frame = frameText(raw);
      if (frame.startsWith("0")) {
        const auth = who.token ? { token: who.token } : { u: who.userId, p: who.partnerId };
        ws.send(`40${JSON.stringify(auth)}`);
      } else if (frame.startsWith("40")) {
        clearTimeout(timer);
        ws.off("message", onHandshake);
        ws.off("error", fail);
        resolve(new SocketIoConn(ws));
      } else if (frame.startsWith("44")) {
        fail(new Error(`refused: ${frame.slice(2)}`));
      }
    };
    ws.on("message", onHandshake);
  });
}

/** Opens many connections, `concurrency` handshakes at a time. */
export async function dialAll(url: string, protocol: Protocol, people: Identity[], concurrency = 100): Promise<Conn[]> {
  const conns: Conn[] = new Array<Conn>(people.length);
  let next = 0;
  const worker = async () => {
    while (next < people.length) {
      const i = next++;
      const who = people[i];
      if (who) conns[i] = await dial(url, protocol, who);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return conns;
}
