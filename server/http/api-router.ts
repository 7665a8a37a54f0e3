import { readdir } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { ErrorCode, httpStatusOf } from "@/contracts/errors";

/**
 * The REST API, served by the custom server itself rather than by Next.js (docs/ARCHITECTURE.md,
 * "One module graph"). Route modules live under `server/api/`, one folder per URL path (`[name]` is
 * a parameter), each exporting Web-standard handlers `GET(req, { params })`, `POST`, ... as Next's
 * route handlers do. They are loaded into the same module graph as server.ts, so the io instance,
 * stores and caches they use are the very ones the sockets use: no second bundled copy can drift.
 */

type Params = Record<string, string>;
export type ApiHandler = (req: Request, ctx: { params: Promise<Params> }) => Response | Promise<Response>;
type RouteModule = Partial<Record<Method, ApiHandler>>;

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Method = (typeof METHODS)[number];

interface ApiRoute {
  /** Literal segments, or `{ param }` for a `[param]` folder. */
  segments: (string | { param: string })[];
  handlers: RouteModule;
  file: string;
}

export interface ApiRouter {
  /** Whether `pathname` is under the API's prefix (the router answers it, 404 included). */
  owns(pathname: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The routes as `METHOD /path` lines (for docs and a test that nothing was lost). */
  describe(): string[];
}

/** Loads every `route.ts` under `dir` and serves them under `prefix` (e.g. "/api"). */
export async function createApiRouter(dir: string, prefix: string): Promise<ApiRouter> {
  const routes = await loadRoutes(dir);
  return {
    owns: (pathname) => pathname === prefix || pathname.startsWith(`${prefix}/`),
    handle: (req, res) => serve(routes, prefix, req, res),
    describe: () =>
      routes.flatMap((r) => {
        const p = `${prefix}/${r.segments.map((s) => (typeof s === "string" ? s : `:${s.param}`)).join("/")}`;
        return METHODS.filter((m) => r.handlers[m]).map((m) => `${m} ${p}`);
      }),
  };
}

async function loadRoutes(dir: string): Promise<ApiRoute[]> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => path.basename(f) === "route.ts").sort();
  const routes: ApiRoute[] = [];
  for (const file of files) {
    const folders = path.dirname(file) === "." ? [] : path.dirname(file).split(path.sep);
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>;
    const handlers: RouteModule = {};
    for (const m of METHODS) if (typeof mod[m] === "function") handlers[m] = mod[m] as ApiHandler;
    const segments = folders.map((f) => (/^\[\w+\]$/.test(f) ? { param: f.slice(1, -1) } : f));
    routes.push({ segments, handlers, file });
  }
  // A literal segment wins over a parameter at the same depth (`notifications/read-all` before `notifications/[id]`).
  routes.sort((a, b) => specificity(b) - specificity(a));
  return routes;
}

const specificity = (r: ApiRoute): number => r.segments.reduce<number>((n, s, i) => n + (typeof s === "string" ? 2 ** (16 - i) : 0), 0);

function match(routes: ApiRoute[], parts: string[]): { route: ApiRoute; params: Params } | null {
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Params = {};
    const ok = route.segments.every((s, i) => {
      const part = parts[i] ?? "";
      if (typeof s === "string") return s === part;
      params[s.param] = part;
      return part !== "";
    });
    if (ok) return { route, params };
  }
  return null;
}

async function serve(routes: ApiRoute[], prefix: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const rest = url.pathname.slice(prefix.length).replace(/^\/+|\/+$/g, "");
  let parts: string[];
  try {
    parts = rest === "" ? [] : rest.split("/").map(decodeURIComponent);
  } catch {
    sendError(res, ErrorCode.BadRequest, "malformed percent-encoding in the path");
    return;
  }
  const found = match(routes, parts);
  if (!found) {
    sendError(res, ErrorCode.NotFound, "no such API route");
    return;
  }
  const method = (req.method ?? "GET").toUpperCase() as Method;
  const allowed = allowedMethods(found.route.handlers);
  if (method === "OPTIONS" && !found.route.handlers.OPTIONS) {
    res.writeHead(204, { allow: allowed.join(", ") }).end();
    return;
  }
  // As Next does: HEAD is served by GET with the body dropped unless the route says otherwise.
  const handler = found.route.handlers[method] ?? (method === "HEAD" ? found.route.handlers.GET : undefined);
  if (!handler) {
    res.setHeader("allow", allowed.join(", "));
    sendError(res, ErrorCode.BadRequest, `${method} is not allowed here`, 405);
    return;
  }
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  const response = await handler(toWebRequest(req, url, method, abort.signal), { params: Promise.resolve(found.params) });
  await writeWebResponse(response, res, method === "HEAD");
}

function allowedMethods(handlers: RouteModule): string[] {
  const list = METHODS.filter((m) => handlers[m]) as string[];
  if (handlers.GET && !handlers.HEAD) list.push("HEAD");
  if (!handlers.OPTIONS) list.push("OPTIONS");
  return list;
}

function toWebRequest(req: IncomingMessage, url: URL, method: Method, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const host = req.headers.host ?? "localhost";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(`http://${host}${url.pathname}${url.search}`, {
    method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req), duplex: "half" } : {}),
  } as RequestInit);
}

async function writeWebResponse(response: Response, res: ServerResponse, headOnly: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  // No `undefined` reason argument: middleware that wraps writeHead (compression) reads the headers
  // from the second argument when it is not a string, and would drop them (a login's cookies).
  if (response.statusText) res.writeHead(response.status, response.statusText, headers);
  else res.writeHead(response.status, headers);
  if (headOnly || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    res.end();
    return;
  }
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), res);
  } catch (e) {
    // The client went away mid-body (a seek in the video player): nothing to answer.
    if (!res.destroyed) res.destroy(e instanceof Error ? e : undefined);
  }
}

function sendError(res: ServerResponse, code: ErrorCode, message: string, status = httpStatusOf[code]): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({ error: { code, message } }));
}
