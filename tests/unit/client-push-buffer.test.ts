import { describe, expect, it } from "vitest";
import { pushBuffer } from "@/redux/pushBuffer";

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("pushBuffer", () => {
  it("holds pushes until the first load, applies them once, then applies later pushes at once", async () => {
    const applied: number[][] = [];
    const buffer = pushBuffer<number>((items) => applied.push(items));
    const loaded = deferred();
    const removed = deferred();
    const running = buffer.whileCached(loaded.promise, removed.promise);
    buffer.push(1);
    buffer.push(2);
    expect(applied).toEqual([]);
    loaded.resolve();
    await Promise.resolve();
    await Promise.resolve();
    expect(applied).toEqual([[1, 2]]);
    buffer.push(3);
    expect(applied).toEqual([[1, 2], [3]]);
    removed.resolve();
    await running;
  });

  it("applies nothing when the first load fails", async () => {
    const applied: number[][] = [];
    const buffer = pushBuffer<number>((items) => applied.push(items));
    const loaded = deferred();
    const running = buffer.whileCached(loaded.promise, new Promise(() => undefined));
    buffer.push(1);
    loaded.reject(new Error("offline"));
    await running;
    expect(applied).toEqual([]);
  });
});
