import net from "node:net";
import { BSON, type Document } from "bson";
import { OP_MSG, OP_QUERY, OP_REPLY, header } from "../tests/support/wire";

/**
 * The "speed of light" baseline: a TCP server that speaks just enough of the wire protocol
 * for the driver to connect (hello via OP_QUERY and OP_MSG), then answers every `find` with
 * a pre-serialised reply body captured from the real engine (same bytes, same size) and any
 * other command with { ok: 1 }. No storage, no query work: only socket + framing cost.
 */
export interface EchoServer {
  port: number;
  finds(): number;
  close(): Promise<void>;
}

function opMsgReply(body: Buffer, responseTo: number): Buffer[] {
  return [header(16 + body.length, 0, responseTo, OP_MSG), body];
}

function opMsgBody(doc: Document): Buffer {
  return Buffer.concat([Buffer.alloc(5), BSON.serialize(doc)]);
}

function opReply(doc: Document, responseTo: number): Buffer {
  const bson = BSON.serialize(doc);
  const fixed = Buffer.alloc(20);
  fixed.writeInt32LE(1, 16); // numberReturned; flags, cursorId and startingFrom stay 0
  return Buffer.concat([header(36 + bson.length, 0, responseTo, OP_REPLY), fixed, bson]);
}

/** The first key of the kind-0 section: the command name, read without decoding the document. */
function commandName(frame: Buffer): string {
  const start = 26; // header 16 + flags 4 + kind 1 + doc length 4 + element type 1
  const end = frame.indexOf(0, start);
  return frame.toString("latin1", start, end);
}

export async function startEchoServer(hello: Document, findReplyBody: Buffer): Promise<EchoServer> {
  const helloBody = opMsgBody(hello);
  const okBody = opMsgBody({ ok: 1 });
  let finds = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const frame = pending.subarray(0, pending.readInt32LE(0));
        pending = pending.subarray(frame.length);
        const requestId = frame.readInt32LE(4);
        const opCode = frame.readInt32LE(12);
        if (opCode === OP_QUERY) {
          socket.write(opReply(hello, requestId));
          continue;
        }
        if (opCode !== OP_MSG) {
          socket.destroy();
          return;
        }
        const name = commandName(frame);
        if (name === "find") {
          finds++;
          socket.write(Buffer.concat(opMsgReply(findReplyBody, requestId)));
        } else if (name === "hello" || name.toLowerCase() === "ismaster") {
          const cmd = BSON.deserialize(frame.subarray(21));
          const wait = typeof cmd.maxAwaitTimeMS === "number" ? cmd.maxAwaitTimeMS : 0;
          setTimeout(() => socket.write(Buffer.concat(opMsgReply(helloBody, requestId))), wait);
        } else {
          socket.write(Buffer.concat(opMsgReply(okBody, requestId)));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("echo server has no port");
  return {
    port: address.port,
    finds: () => finds,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => { resolve(); });
    }),
  };
}
