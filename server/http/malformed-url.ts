import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCode, type ErrorResponse } from "@/contracts/errors";

/**
 * Answers 400 to a request whose path is not valid percent-encoding (`/api/courses/%E0%A4%A`), which
 * Next would otherwise answer with a 500 while decoding its route parameters. True when it answered.
 */
export function refuseMalformedPath(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? "/";
  const end = url.search(/[?#]/);
  try {
    decodeURIComponent(end === -1 ? url : url.slice(0, end));
    return false;
  } catch {
    const body: ErrorResponse = { error: { code: ErrorCode.BadRequest, message: "the URL is not valid percent-encoding" } };
    res.writeHead(400, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(JSON.stringify(body));
    return true;
  }
}
