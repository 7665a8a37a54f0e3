import { describe, expect, it } from "vitest";
import { serially } from "@/server/services/chat/serial";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("serially", () => {
  it("runs tasks of one key one after another, other keys in parallel, and survives failures", async () => {
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([
      serially("a", task("a1", 30, true)),
      serially("a", task("a2", 5)),
      serially("b", task("b1", 5)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
    expect(log.indexOf("start a2")).toBeGreaterThan(log.indexOf("end a1"));
    expect(log.indexOf("end b1")).toBeLessThan(log.indexOf("end a1"));
  });
});
