import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";

export type ByteRange = { start: number; end: number };

/**
 * One `Range: bytes=...` header against a file of `size` bytes (RFC 9110 14.1.2):
 * - null: no usable range (absent, another unit, malformed, or several ranges): send the whole file;
 * - "unsatisfiable": 416;
 * - else the inclusive byte range, clipped to the file.
 */
export function parseRange(header: string | null, size: number): ByteRange | "unsatisfiable" | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a = "", b = ""] = m;
  if (a === "" && b === "") return null;
  if (a === "") {
    const suffix = Number(b);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  if (b !== "" && Number(b) < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end: b === "" ? size - 1 : Math.min(Number(b), size - 1) };
}

/**
 * Serves a file from disk, streamed, with byte ranges (206 / 416), HEAD, validators for `If-Range`
 * and the given extra headers. Throws ENOENT when the file is missing (the caller maps it).
 */
export async function fileResponse(
  req: Request,
  file: string,
  headers: { contentType: string; cacheControl: string; fileName: string },
): Promise<Response> {
  const info = await stat(file);
  if (!info.isFile()) throw Object.assign(new Error("not a file"), { code: "ENOENT" });
  const size = info.size;
  const etag = `W/"${size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const lastModified = info.mtime.toUTCString();
  const h = new Headers({
    "content-type": headers.contentType,
    "accept-ranges": "bytes",
    "cache-control": headers.cacheControl,
    etag,
    "last-modified": lastModified,
    "x-content-type-options": "nosniff",
    "content-disposition": `inline; filename="${headers.fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
  });

  // If-Range: the range holds only for the version the client already has; else the whole file.
  const ifRange = req.headers.get("if-range");
  const rangeHeader = ifRange && ifRange !== etag && ifRange !== lastModified ? null : req.headers.get("range");
  const range = parseRange(rangeHeader, size);
  if (range === "unsatisfiable") {
    h.set("content-range", `bytes */${String(size)}`);
    h.set("content-length", "0");
    return new Response(null, { status: 416, headers: h });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = size === 0 ? 0 : end - start + 1;
  // Next's route layer drops Content-Length and streams chunked; Content-Range still names the size.
  h.set("content-length", String(length));
  if (range) h.set("content-range", `bytes ${String(start)}-${String(end)}/${String(size)}`);
  const status = range ? 206 : 200;
  if (req.method === "HEAD" || length === 0) return new Response(null, { status, headers: h });
  const body = Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers: h });
}
