import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { resolveLimits, trustProxyFromEnv, type Limits } from "./limits";
import type { RuntimeConfig } from "./runtime";

export const ACCESS_TTL_SEC = 15 * 60;
export const REFRESH_TTL_SEC = 30 * 24 * 60 * 60;

interface Secrets {
  accessSecret: string;
  refreshSecret: string;
}

const envNames = { accessSecret: "JWT_ACCESS_SECRET", refreshSecret: "JWT_REFRESH_SECRET" } as const;

/**
 * JWT secrets: from the environment; in development, missing ones are generated once and kept in
 * `${dataDir}/secrets.json` (mode 0600). In production missing ones stop the start.
 */
export async function loadSecrets(
  dataDir: string,
  dev: boolean,
  env: Record<string, string | undefined> = process.env,
): Promise<Secrets> {
  const fromEnv = { accessSecret: env.JWT_ACCESS_SECRET, refreshSecret: env.JWT_REFRESH_SECRET };
  const missing = (Object.keys(envNames) as (keyof Secrets)[]).filter((k) => !fromEnv[k]);
  if (fromEnv.accessSecret && fromEnv.refreshSecret) {
    return { accessSecret: fromEnv.accessSecret, refreshSecret: fromEnv.refreshSecret };
  }
  if (!dev) {
    throw new Error(
      `Missing required environment variable(s): ${missing.map((k) => envNames[k]).join(", ")} ` +
        "(set them to long random strings; they are only generated automatically in development)",
    );
  }
  const stored = await readOrCreateDevSecrets(dataDir);
  return {
    accessSecret: fromEnv.accessSecret ?? stored.accessSecret,
    refreshSecret: fromEnv.refreshSecret ?? stored.refreshSecret,
  };
}

async function readOrCreateDevSecrets(dataDir: string): Promise<Secrets> {
  const file = path.join(dataDir, "secrets.json");
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<Secrets>;
    if (typeof parsed.accessSecret === "string" && typeof parsed.refreshSecret === "string") {
      return { accessSecret: parsed.accessSecret, refreshSecret: parsed.refreshSecret };
    }
  } catch {
    // not there yet (or unreadable): create it below
  }
  const secrets: Secrets = {
    accessSecret: randomBytes(48).toString("base64url"),
    refreshSecret: randomBytes(48).toString("base64url"),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
  return secrets;
}

export async function buildConfig(opts: {
  dev: boolean;
  dataDir: string;
  dbKind: RuntimeConfig["dbKind"];
  limits?: Partial<Limits>;
  trustProxy?: number;
}): Promise<RuntimeConfig> {
  const secrets = await loadSecrets(opts.dataDir, opts.dev);
  return {
    dev: opts.dev,
    dataDir: opts.dataDir,
    dbKind: opts.dbKind,
    ...secrets,
    accessTtlSec: ACCESS_TTL_SEC,
    refreshTtlSec: REFRESH_TTL_SEC,
    secureCookies: !opts.dev && process.env.COOKIE_SECURE !== "false",
    limits: resolveLimits(opts.limits),
    trustProxy: opts.trustProxy ?? trustProxyFromEnv(),
    wsHeartbeatMs: wsHeartbeatMsFromEnv(),
  };
}

/** WS_HEARTBEAT_MS (native gateway, SPEC F12): default 30000; a malformed value stops the start. */
export function wsHeartbeatMsFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = (env.WS_HEARTBEAT_MS ?? "").trim();
  if (raw === "") return 30_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 100) throw new Error(`WS_HEARTBEAT_MS must be a whole number of milliseconds >= 100 (got "${raw}")`);
  return n;
}
