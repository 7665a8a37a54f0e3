import { createHmac, createSecretKey, randomBytes, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { ErrorCode } from "@/contracts/errors";
import { Roles, type Role } from "@/contracts/dto";
import { AppError } from "../errors";

export interface AccessClaims {
  sub: string;
  role: Role;
  name: string;
  /** Seconds since epoch. */
  exp: number;
  /** The session (refresh-token family) the token was issued for; logout revokes it. */
  sid?: string;
}

export function signAccessToken(
  user: { id: string; role: Role; name: string },
  secret: string,
  ttlSec: number,
  sid?: string,
): string {
  return jwt.sign({ role: user.role, name: user.name, ...(sid ? { sid } : {}) }, secret, {
    algorithm: "HS256",
    subject: user.id,
    expiresIn: ttlSec,
  });
}

/**
 * The secret as a KeyObject, made once: given a string, jsonwebtoken builds a new KeyObject on every
 * verify, which was the largest single cost of a socket handshake (docs/BENCHMARKS.md).
 */
const secretKeys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    if (secretKeys.size > 8) secretKeys.clear();
    secretKeys.set(secret, (key = createSecretKey(Buffer.from(secret, "utf8"))));
  }
  return key;
}

/** Verifies an access token; throws TOKEN_EXPIRED or UNAUTHENTICATED. */
export function verifyAccessToken(token: string, secret: string): AccessClaims {
  let payload: unknown;
  try {
    payload = jwt.verify(token, secretKey(secret), { algorithms: ["HS256"] });
  } catch (e) {
    if (e instanceof Error && e.name === "TokenExpiredError") {
      throw new AppError(ErrorCode.TokenExpired, "access token expired");
    }
    throw new AppError(ErrorCode.Unauthenticated, "invalid access token");
  }
  if (typeof payload !== "object" || payload === null) {
    throw new AppError(ErrorCode.Unauthenticated, "invalid access token");
  }
  const p = payload as Record<string, unknown>;
  const { sub, role, name, exp, sid } = p;
  if (
    typeof sub !== "string" ||
    !/^[0-9a-f]{24}$/i.test(sub) ||
    typeof role !== "string" ||
    !(Roles as readonly string[]).includes(role) ||
    typeof name !== "string" ||
    typeof exp !== "number" ||
    (sid !== undefined && (typeof sid !== "string" || !/^[0-9a-f]{32}$/.test(sid)))
  ) {
    throw new AppError(ErrorCode.Unauthenticated, "invalid access token");
  }
  return { sub, role: role as Role, name, exp, ...(sid === undefined ? {} : { sid }) };
}

/** Refresh tokens are opaque random strings; only their hash is stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Keyed with the refresh secret, so a leaked database alone cannot be used to check tokens.
 * A fast hash is enough: the token has 256 bits of entropy.
 */
export function hashRefreshToken(token: string, secret: string): string {
  return createHmac("sha256", secret).update(token).digest("base64url");
}

export function newTokenFamily(): string {
  return randomBytes(16).toString("hex");
}
