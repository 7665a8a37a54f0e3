import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { ErrorCode } from "@/contracts/errors";
import { AppError } from "../errors";
import { DEFAULT_LIMITS } from "../limits";
import { ConcurrencyGate, gateRefusal } from "../rate-limit";
import { runtime } from "../runtime";

/** scrypt parameters; stored with each hash so they can be raised later. */
const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LEN = 64;

/**
 * Every scrypt of the process goes through one gate (shared by the route bundles through the runtime):
 * a few at once, so a flood of logins cannot take every libuv thread and make a real user's login
 * wait seconds; a short queue; and a cap per client IP (`slotKey`). Refusals throw GateRefused
 * (rate-limit.ts), which the auth services answer 503/429 at once.
 */
export const hashGate = (): ConcurrencyGate =>
  runtime.store("password-hash-gate", () => new ConcurrencyGate(() => {
    const l = runtime.getConfig()?.limits ?? DEFAULT_LIMITS;
    return { concurrency: l.hashConcurrency, maxQueue: l.hashQueue, perKey: l.hashPerIp };
  }));

async function derive(password: string, salt: Buffer, keyLen: number, opts: ScryptOptions, slotKey?: string): Promise<Buffer> {
  try {
    return await hashGate().run(() => scryptOnce(password, salt, keyLen, opts), slotKey);
  } catch (e) {
    const refused = gateRefusal(e);
    if (refused === "key_busy") {
      throw new AppError(ErrorCode.RateLimited, "too many sign-ins from your address at once; try again in a moment", { retryAfterSec: 1 });
    }
    if (refused === "queue_full") {
      throw new AppError(ErrorCode.Unavailable, "the server is busy signing people in; try again in a moment", { retryAfterSec: 2 });
    }
    throw e;
  }
}

function scryptOnce(password: string, salt: Buffer, keyLen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, keyLen, { ...opts, maxmem: 64 * 1024 * 1024 }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url parts). `slotKey`: the client IP, for the gate's per-IP cap. */
export async function hashPassword(password: string, slotKey?: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, KEY_LEN, PARAMS, slotKey);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string, slotKey?: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, "base64url");
  if (expected.length === 0) return false;
  const key = await derive(password, Buffer.from(saltB64, "base64url"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  }, slotKey);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummyHash: Promise<string> | null = null;
/** Spend the same time on an unknown email as on a wrong password (no account enumeration by timing). */
export async function burnPasswordCheck(password: string, slotKey?: string): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-password");
  await verifyPassword(password, await dummyHash, slotKey);
}
