import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { batchedInserter, LINGER_MS, type InsertTarget } from "@/server/services/batched-insert";

/**
 * The group-commit policy of server/services/batched-insert.ts, on a target that records each command
 * (the real driver path is covered by the chat integration suites). Timers are faked so "at once" and
 * "after the linger" are exact.
 */

interface Doc { n: number }

function recordingTarget(answerAfterMs = 1, refuse: (d: Doc) => boolean = () => false) {
  const commands: number[][] = [];
  const target: InsertTarget = {
    async insertMany(docs) {
      const batch = docs as Doc[];
      commands.push(batch.map((d) => d.n));
      await new Promise((r) => setTimeout(r, answerAfterMs));
      const writeErrors = batch.flatMap((d, index) => (refuse(d) ? [{ index, code: 11000 }] : []));
      if (writeErrors.length > 0) throw Object.assign(new Error("E11000 duplicate key"), { writeErrors });
    },
  };
  return { target, commands };
}

let seq = 0;
const inserterFor = (target: InsertTarget) => batchedInserter<Doc>(`unit-${String(++seq)}`, () => target);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "setImmediate", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("batched inserts", () => {
  it("an idle server sends a document at once, with the others of the same turn", async () => {
    const { target, commands } = recordingTarget();
    const insert = inserterFor(target);
    const outcomes = [insert({ n: 1 }), insert({ n: 2 })];
    await vi.advanceTimersByTimeAsync(0);
    expect(commands).toEqual([[1, 2]]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await Promise.all(outcomes)).toEqual([{ inserted: { n: 1 } }, { inserted: { n: 2 } }]);
  });

  it("a busy server lets a batch gather for the linger: one command for a trickle, not one per document", async () => {
    const { target, commands } = recordingTarget();
    const insert = inserterFor(target);
    const first = insert({ n: 0 });
    await vi.advanceTimersByTimeAsync(1); // sent at once (idle) and answered
    await first;
    // Busy now: four documents arrive one per 0.4 ms (1.6 ms in all).
    const outcomes: Promise<unknown>[] = [];
    for (let n = 1; n <= 4; n++) {
      outcomes.push(insert({ n }));
      await vi.advanceTimersByTimeAsync(0.4);
    }
    expect(commands).toEqual([[0]]); // still gathering: the linger runs from the first of them
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    expect(commands).toEqual([[0], [1, 2, 3, 4]]);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(outcomes);
  });

  it("documents queued during a round trip gather for the linger too, unless a full batch waits", async () => {
    const { target, commands } = recordingTarget(5);
    const insert = inserterFor(target);
    const all: Promise<unknown>[] = [insert({ n: 0 })];
    await vi.advanceTimersByTimeAsync(0);
    for (let n = 1; n <= 1200; n++) all.push(insert({ n })); // while the first is in flight
    await vi.advanceTimersByTimeAsync(5); // the first answered: a full batch waits, so it goes at once
    expect(commands.map((c) => c.length)).toEqual([1, 500]);
    await vi.advanceTimersByTimeAsync(5); // answered; still a full batch
    expect(commands.map((c) => c.length)).toEqual([1, 500, 500]);
    await vi.advanceTimersByTimeAsync(5); // answered; 200 left: they gather for the linger first
    expect(commands.map((c) => c.length)).toEqual([1, 500, 500]);
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    expect(commands.map((c) => c.length)).toEqual([1, 500, 500, 200]);
    await vi.advanceTimersByTimeAsync(5);
    expect(await Promise.all(all)).toHaveLength(1201);
  });

  it("each caller learns its own outcome: a duplicate is told apart, a failed command rejects its batch only", async () => {
    const { target } = recordingTarget(1, (d) => d.n === 2);
    const insert = inserterFor(target);
    const outcomes = Promise.all([insert({ n: 1 }), insert({ n: 2 }), insert({ n: 3 })]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcomes).toEqual([{ inserted: { n: 1 } }, { duplicate: true }, { inserted: { n: 3 } }]);

    let fail = true;
    const flaky: InsertTarget = {
      async insertMany() {
        await Promise.resolve();
        if (fail) throw new Error("connection closed");
      },
    };
    const insertFlaky = inserterFor(flaky);
    const lost = insertFlaky({ n: 1 });
    const lostAssertion = expect(lost).rejects.toThrow("connection closed");
    await vi.advanceTimersByTimeAsync(0);
    await lostAssertion;
    fail = false;
    const next = insertFlaky({ n: 2 });
    await vi.advanceTimersByTimeAsync(LINGER_MS);
    expect(await next).toEqual({ inserted: { n: 2 } });
  });

  it("with no store to write to, the queued documents are refused and the next insert tries again", async () => {
    let connected = false;
    const { target, commands } = recordingTarget();
    const insert = batchedInserter<Doc>(`unit-${String(++seq)}`, () => {
      if (!connected) throw new Error("not connected");
      return target;
    });
    const refused = expect(insert({ n: 1 })).rejects.toThrow("not connected");
    await vi.advanceTimersByTimeAsync(0);
    await refused;
    connected = true;
    const ok = insert({ n: 2 });
    await vi.advanceTimersByTimeAsync(1);
    expect(await ok).toEqual({ inserted: { n: 2 } });
    expect(commands).toEqual([[2]]);
  });
});
