import { ErrorCode } from "@/contracts/errors";
import { AppError } from "../errors";

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON body with a size cap; another content type, malformed JSON or an oversized body is a 4xx AppError. */
export async function readJson(req: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  // A form (text/plain, urlencoded, multipart) can be sent cross-site without a preflight; JSON cannot.
  const mediaType = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new AppError(ErrorCode.UnsupportedMediaType, "send the request body as JSON (Content-Type: application/json)");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readCapped(req, maxBytes);
  if (text.trim() === "") throw new AppError(ErrorCode.BadRequest, "request body is empty; send JSON");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError(ErrorCode.BadRequest, "request body is not valid JSON");
  }
}

/** The query string as plain fields (a repeated name keeps its last value). */
export function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}

/**
 * A JSON object body with the ids from the path added: the fields of a service's input. A body that
 * names one of the path's fields itself is refused (the path decides which resource it is about).
 */
export async function readBodyWith(req: Request, fromPath: Record<string, string>, maxBytes = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const body = await readJson(req, maxBytes);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError(ErrorCode.BadRequest, "request body must be a JSON object");
  }
  const clash = Object.keys(fromPath).find((k) => Object.hasOwn(body, k));
  if (clash) throw new AppError(ErrorCode.BadRequest, `unexpected field "${clash}" in the body: it comes from the URL`);
  return { ...(body as Record<string, unknown>), ...fromPath };
}

async function readCapped(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const tooLarge = (max: number) =>
  new AppError(ErrorCode.PayloadTooLarge, `request body is larger than ${Math.floor(max / 1024)} KB`);
