import { describe, expect, it } from "vitest";
import { useFuzzEngine } from "../support/fuzz-engine";
import { makeRng, randBytes, randInt, testSeed } from "../support/prng";
import { MAX_MESSAGE_BYTES, OP_COMPRESSED, OP_MSG, OP_QUERY, countFrames, exchange, frame, header, opMsg } from "../support/wire";

const SEED = testSeed(0xf022);
const CASES = 300;
const { port, expectAlive } = useFuzzEngine();
const hello = () => opMsg({ hello: 1, $db: "admin" }, 7);

type Expectation = "close" | "replyOrClose" | "incomplete" | "noReplyRequired";

/** What a correct server must do with these bytes, judged from the header alone. */
function classify(bytes: Buffer): Expectation {
  if (bytes.length < 4) return "incomplete";
  const len = bytes.readInt32LE(0);
  if (len < 16 || len > MAX_MESSAGE_BYTES) return "close";
  if (len > bytes.length) return "incomplete";
  if (len >= 20 && bytes.readInt32LE(12) === OP_MSG && (bytes.readUInt32LE(16) & 2) !== 0) return "noReplyRequired";
  return "replyOrClose";
}

function randomCase(rng: () => number): [string, Buffer] {
  const junk = (max: number) => randBytes(rng, randInt(rng, 0, max));
  switch (randInt(rng, 0, 10)) {
    case 0: return ["random bytes", randBytes(rng, randInt(rng, 1, 300))];
    case 1: return ["oversized length", Buffer.concat([header(randInt(rng, MAX_MESSAGE_BYTES + 1, 0x7fffffff), 1, 0, OP_MSG), junk(64)])];
    case 2: return ["tiny or negative length", Buffer.concat([header(randInt(rng, -0x80000000, 15), 1, 0, OP_MSG), junk(64)])];
    case 3: return ["wrong opCode", frame([0, 1, 2001, 2002, 2005, 2010, 2011, 9999, randInt(rng, -1e9, 1e9)][randInt(rng, 0, 8)] ?? 0, junk(100))];
    case 4: return ["OP_MSG garbage body", frame(OP_MSG, Buffer.concat([Buffer.alloc(5), junk(100)]))];
    case 5: { const f = hello(); f.writeUInt8(randInt(rng, 2, 255), 20); return ["unknown section kind", f]; }
    case 6: {
      const f = hello();
      for (let i = randInt(rng, 1, 4); i > 0; i--) { const at = randInt(rng, 0, f.length - 1); f.writeUInt8(randInt(rng, 0, 255), at); }
      return ["mutated hello", f];
    }
    case 7: { const f = hello(); return ["truncated hello", f.subarray(0, randInt(rng, 1, f.length - 1))]; }
    case 8: return ["OP_QUERY garbage", frame(OP_QUERY, junk(120))];
    case 9: return ["OP_COMPRESSED garbage", frame(OP_COMPRESSED, junk(120))];
    default: return ["valid hello then garbage", Buffer.concat([hello(), randBytes(rng, randInt(rng, 1, 64))])];
  }
}

describe(`random wire input (seed ${SEED}, ${CASES} cases)`, () => {
  it("never crashes the engine, never hangs a complete bad frame", async () => {
    const rng = makeRng(SEED);
    const tally: Record<Expectation, number> = { close: 0, replyOrClose: 0, incomplete: 0, noReplyRequired: 0 };
    for (let n = 0; n < CASES; n++) {
      const [kind, bytes] = randomCase(rng);
      const expectation = classify(bytes);
      tally[expectation]++;
      const label = `case ${n} (${kind}, ${expectation}, seed ${SEED}): ${bytes.subarray(0, 48).toString("hex")}`;
      if (expectation === "close" || expectation === "replyOrClose") {
        const out = await exchange(port(), [bytes], { frames: expectation === "replyOrClose" ? 1 : undefined, timeoutMs: 3000 });
        if (expectation === "close") expect(out.closed, label).toBe(true);
        else expect(out.closed || countFrames(out.data) >= 1, label).toBe(true);
      } else {
        await exchange(port(), [bytes], { timeoutMs: 25 });
      }
      await expectAlive(label);
    }
    expect(tally.close + tally.replyOrClose, "too few cases with a required outcome").toBeGreaterThan(CASES / 2);
  });
});
