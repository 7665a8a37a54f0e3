import { ErrorCode, type ErrorBody } from "@/contracts/errors";

const BRAND = Symbol.for("learnlive.AppError");

/** A failure a client may see: a contract error code and a human message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterSec: number | undefined;
  readonly [BRAND] = true;

  constructor(code: ErrorCode, message: string, opts: { retryAfterSec?: number } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.retryAfterSec = opts.retryAfterSec;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

/**
 * Works across module instances (route bundles vs. tsx), where `instanceof` would not.
 */
export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** A write refused by a unique index (E11000): the whole error, or one entry of a bulk write's `writeErrors`. */
export function isDuplicateKey(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === 11000;
}

export const notFound = (what: string) => new AppError(ErrorCode.NotFound, `${what} not found`);
export const forbidden = (message = "you may not do that") => new AppError(ErrorCode.Forbidden, message);
export const badRequest = (message: string) => new AppError(ErrorCode.BadRequest, message);
export const unauthenticated = (message = "sign in first") => new AppError(ErrorCode.Unauthenticated, message);

/** Maps any thrown value to a contract error, once, for REST and sockets alike. */
export function toErrorBody(e: unknown): { body: ErrorBody; retryAfterSec?: number } {
  if (isAppError(e)) return { body: e.toBody(), retryAfterSec: e.retryAfterSec };
  const name = e instanceof Error ? e.name : "";
  if (name === "ZodError") return { body: { code: ErrorCode.BadRequest, message: "invalid input" } };
  if (e instanceof URIError) return { body: { code: ErrorCode.BadRequest, message: "the URL is not valid percent-encoding" } };
  if (name === "CastError" || name === "ValidationError" || name === "BSONError") {
    return { body: { code: ErrorCode.BadRequest, message: "invalid input" } };
  }
  // Log the error itself, never the request (it may carry passwords, tokens or cookies).
  console.error("[server] unexpected error:", e instanceof Error ? (e.stack ?? e.message) : String(e));
  return { body: { code: ErrorCode.Internal, message: "something went wrong on our side" } };
}

/** The client went away while we read its request (socket reset, body cut short). */
export function isAbortedRequest(e: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  if (typeof e !== "object" || e === null) return false;
  const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
  return code === "ECONNRESET" || code === "ERR_STREAM_PREMATURE_CLOSE" || name === "AbortError" || message === "aborted";
}
