import { describe, expect, it } from "vitest";
import { RecoveryLog } from "@/server/realtime/recovery-log";

const packet = (n: number, text = "") => `2["newMessage",{"n":${String(n)},"text":${JSON.stringify(text)}},"x"]`;

describe("RecoveryLog: packets kept off the heap for connection state recovery", () => {
  it("gives back, in order, the entries after an offset, with their rooms", () => {
    const log = new RecoveryLog();
    const offsets: string[] = [];
    for (let n = 0; n < 5; n++) {
      offsets.push(log.nextOffset());
      log.append([`user:${String(n)}`], n === 3 ? ["user:9"] : [], packet(n, "héllo ✓"));
    }
    expect(log.count()).toBe(5);
    expect(log.after(offsets[4] ?? "")).toEqual([]);
    expect(log.after(offsets[1] ?? "")).toEqual([
      { rooms: ["user:2"], except: [], encoded: packet(2, "héllo ✓") },
      { rooms: ["user:3"], except: ["user:9"], encoded: packet(3, "héllo ✓") },
      { rooms: ["user:4"], except: [], encoded: packet(4, "héllo ✓") },
    ]);
  });

  it("refuses offsets it does not hold: another log's, a future one, garbage", () => {
    const [a, b] = [new RecoveryLog(), new RecoveryLog()];
    const fromA = a.nextOffset();
    a.append([], [], packet(1));
    expect(b.after(fromA)).toBeNull();
    expect(a.after(a.nextOffset())).toBeNull(); // not appended yet
    expect(a.after("nonsense")).toBeNull();
    expect(a.after(`${fromA.slice(0, -1)}zzzzzzzzzzzzzz`)).toBeNull();
  });

  it("spans chunks, and drops whole chunks once their newest entry is older than the window", () => {
    const log = new RecoveryLog();
    const big = "x".repeat(300_000); // about four entries per 1 MiB chunk
    const first = log.nextOffset();
    for (let n = 0; n < 10; n++) log.append(["r"], [], packet(n, big), 1000 + n);
    expect(log.after(first)?.map((e) => JSON.parse(e.encoded.slice(1)) as unknown[]).map((d) => (d[1] as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    log.expire(1005); // three entries per chunk: the first chunk (entries 0-2, newest at 1002) goes, the rest stay
    expect(log.after(first)).toBeNull();
    const kept = log.after(log.nextOffset().replace(/[^~]+$/, (4).toString(36)));
    expect(kept?.length).toBe(5);
    expect(log.count()).toBe(7);
    log.expire(Number.MAX_SAFE_INTEGER);
    expect(log.size()).toBe(0);
    const again = log.nextOffset();
    log.append([], [], packet(11));
    log.append([], [], packet(12));
    expect(log.after(again)?.map((e) => e.encoded)).toEqual([packet(12)]);
  });

  it("holds at most maxBytes: the oldest chunks go first", () => {
    const log = new RecoveryLog(3 << 20);
    const first = log.nextOffset();
    const big = "y".repeat(500_000);
    for (let n = 0; n < 20; n++) log.append([], [], packet(n, big));
    expect(log.size()).toBeLessThanOrEqual(3 << 20);
    expect(log.after(first)).toBeNull();
    const latest = log.nextOffset().replace(/[^~]+$/, (18).toString(36));
    expect(log.after(latest)?.length).toBe(1);
  });
});
