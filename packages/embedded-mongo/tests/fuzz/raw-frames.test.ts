import net from "node:net";
import { describe, expect, it } from "vitest";
import { useFuzzEngine } from "../support/fuzz-engine";
import {
  OP_COMPRESSED, OP_MSG, OP_REPLY, countFrames, crc32c, exchange, frame, header, opMsg, opMsgWithChecksum, opQuery,
  parseReply, splitFrames,
} from "../support/wire";

const { port, expectAlive } = useFuzzEngine();
const hello = () => opMsg({ hello: 1, $db: "admin" }, 7);

describe("well-formed raw frames", () => {
  it("answers an OP_MSG hello built with bson.serialize", async () => {
    const out = await exchange(port(), [hello()], { frames: 1, timeoutMs: 5000 });
    const reply = parseReply(out.data);
    expect(reply).toMatchObject({ opCode: OP_MSG, responseTo: 7 });
    expect(reply.doc).toMatchObject({ ok: 1, isWritablePrimary: true });
    expect(reply.doc.maxWireVersion).toBeGreaterThanOrEqual(9);
  });

  it("answers the legacy OP_QUERY handshake with OP_REPLY", async () => {
    const out = await exchange(port(), [opQuery("admin.$cmd", { isMaster: 1 }, 9)], { frames: 1, timeoutMs: 5000 });
    const reply = parseReply(out.data);
    expect(reply).toMatchObject({ opCode: OP_REPLY, responseTo: 9 });
    expect(reply.doc).toMatchObject({ ok: 1, ismaster: true });
  });

  it("accepts a kind-1 document sequence, pipelined frames and a frame sent byte by byte", async () => {
    const insert = opMsg({ insert: "seq", $db: "fuzz" }, 11, { documents: [{ x: 1 }, { x: 2 }] });
    const count = opMsg({ count: "seq", $db: "fuzz" }, 12);
    const out = await exchange(port(), [Buffer.concat([insert, count])], { frames: 2, timeoutMs: 5000 });
    const [a, b] = splitFrames(out.data).map(parseReply);
    expect(a).toMatchObject({ responseTo: 11, doc: { ok: 1, n: 2 } });
    expect(b).toMatchObject({ responseTo: 12, doc: { ok: 1, n: 2 } });
    const bytes = [...hello()].map((byte) => Buffer.from([byte]));
    const slow = await exchange(port(), bytes, { frames: 1, timeoutMs: 10_000 });
    expect(parseReply(slow.data).doc.ok).toBe(1);
  });

  it("verifies CRC-32C checksums and honours moreToCome", async () => {
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
    const good = await exchange(port(), [opMsgWithChecksum({ ping: 1, $db: "admin" }, 21)], { frames: 1, timeoutMs: 5000 });
    expect(parseReply(good.data)).toMatchObject({ responseTo: 21, doc: { ok: 1 } });
    const bad = await exchange(port(), [opMsgWithChecksum({ ping: 1, $db: "admin" }, 22, true)], { frames: 1, timeoutMs: 3000 });
    expect(bad.closed || parseReply(bad.data).doc.ok === 0).toBe(true);
    const noReply = opMsg({ insert: "quiet", $db: "fuzz", writeConcern: { w: 0 } }, 23, { documents: [{ q: 1 }] }, 2);
    const count = opMsg({ count: "quiet", $db: "fuzz" }, 24);
    const out = await exchange(port(), [noReply, count], { frames: 1, timeoutMs: 5000, gapMs: 50 });
    expect(splitFrames(out.data).map(parseReply)).toMatchObject([{ responseTo: 24, doc: { ok: 1, n: 1 } }]);
  });

  it("serves 100 simultaneous raw connections", async () => {
    const outs = await Promise.all(Array.from({ length: 100 }, (_, i) =>
      exchange(port(), [opMsg({ hello: 1, $db: "admin" }, 1000 + i)], { frames: 1, timeoutMs: 15_000 })));
    expect(outs.map((o, i) => parseReply(o.data).responseTo === 1000 + i).every(Boolean)).toBe(true);
  });
});

describe("malformed frames close the connection (or get an error reply) and hurt no one", () => {
  const cases: [string, Buffer][] = [
    ["a length prefix above 48 MB", Buffer.concat([header(64 * 1024 * 1024, 1, 0, OP_MSG), Buffer.alloc(32)])],
    ["a length of 0x7fffffff", header(0x7fffffff, 1, 0, OP_MSG)],
    ["a negative length", Buffer.concat([header(-5, 1, 0, OP_MSG), Buffer.alloc(16)])],
    ["a length shorter than the header", Buffer.concat([header(8, 1, 0, OP_MSG), Buffer.alloc(16)])],
  ];
  it.each(cases)("%s is closed promptly", async (_name, bytes) => {
    const out = await exchange(port(), [bytes], { timeoutMs: 3000 });
    expect(out.closed).toBe(true);
    await expectAlive(_name);
  });

  const replyOrClose: [string, Buffer][] = [
    ["an unknown opCode", frame(4242, Buffer.alloc(24))],
    ["OP_MSG with garbage BSON", frame(OP_MSG, Buffer.concat([Buffer.alloc(5), Buffer.from("not bson at all")]))],
    ["OP_MSG with an unknown section kind", (() => { const f = hello(); f.writeUInt8(7, 20); return f; })()],
    ["OP_MSG with unknown required flag bits", opMsg({ hello: 1, $db: "admin" }, 3, {}, 1 << 5)],
    ["OP_MSG with a body of zero bytes", frame(OP_MSG, Buffer.alloc(0))],
    ["a 17 MB document", opMsg({ insert: "big", $db: "fuzz", documents: [{ s: "x".repeat(17 * 1024 * 1024) }] }, 5)],
    ["OP_COMPRESSED with an unknown compressor", frame(OP_COMPRESSED, Buffer.from([0xd4, 0x07, 0, 0, 10, 0, 0, 0, 99, 1, 2, 3]))],
  ];
  it.each(replyOrClose)("%s gets a reply or a close, never a hang", async (_name, bytes) => {
    const out = await exchange(port(), [bytes], { frames: 1, timeoutMs: 3000 });
    expect(out.closed || countFrames(out.data) >= 1).toBe(true);
    await expectAlive(_name);
  });

  it("half a frame then silence does not block other clients", async () => {
    const socket = net.connect(port(), "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(hello().subarray(0, 10));
    try {
      await expectAlive("a half frame");
      const other = await exchange(port(), [hello()], { frames: 1, timeoutMs: 5000 });
      expect(parseReply(other.data).doc.ok).toBe(1);
    } finally {
      socket.destroy();
    }
  });
});
