import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadSecrets } from "@/server/config";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ll-config-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("JWT secrets", () => {
  it("production without them stops the start, naming the variables", async () => {
    await expect(loadSecrets(dir, false, {})).rejects.toThrow(/JWT_ACCESS_SECRET, JWT_REFRESH_SECRET/);
    await expect(loadSecrets(dir, false, { JWT_ACCESS_SECRET: "a" })).rejects.toThrow(/JWT_REFRESH_SECRET/);
  });

  it("production takes them from the environment", async () => {
    const env = { JWT_ACCESS_SECRET: "a".repeat(40), JWT_REFRESH_SECRET: "r".repeat(40) };
    expect(await loadSecrets(dir, false, env)).toEqual({ accessSecret: env.JWT_ACCESS_SECRET, refreshSecret: env.JWT_REFRESH_SECRET });
  });

  it("development generates them once into DATA_DIR/secrets.json (0600) and reuses them", async () => {
    const first = await loadSecrets(dir, true, {});
    const second = await loadSecrets(dir, true, {});
    expect(second).toEqual(first);
    expect(first.accessSecret).not.toBe(first.refreshSecret);
    expect(first.accessSecret.length).toBeGreaterThanOrEqual(40);
    const file = path.join(dir, "secrets.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(first);
  });
});
