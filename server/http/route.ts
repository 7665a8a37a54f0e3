import { ErrorCode, httpStatusOf, type ErrorResponse } from "@/contracts/errors";
import type { Role } from "@/contracts/dto";
import type { Actor } from "../auth/actor";
import { type AccessClaims, verifyAccessToken } from "../auth/tokens";
import { sessionIsLive } from "../services/auth/session-check";
import { AppError, isAbortedRequest, isAppError, toErrorBody } from "../errors";
import { runtime, type RuntimeConfig } from "../runtime";
import { ACCESS_COOKIE, parseCookies, REFRESH_COOKIE } from "./cookies";
import { isAllowedOrigin, ownHosts, ownSchemes } from "./origin";

export type AuthContext = Actor;

export interface RouteArgs<P> {
  req: Request;
  params: P;
  /** Null only for `auth: "optional"` routes called without a usable token. */
  auth: AuthContext | null;
  config: RuntimeConfig;
  ip: string;
}

/** server.ts writes the socket's address here (and drops any client-sent value). */
export const REMOTE_ADDR_HEADER = "x-learnlive-remote-addr";

type RouteOptions = { auth: "none" | "optional" } | { auth: "required"; roles?: readonly Role[] };
type NextHandler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

/**
 * The one wrapper for route handlers: waits for the shared db, authenticates, maps every error once.
 */
export function route<P = Record<string, never>>(
  opts: RouteOptions,
  handler: (args: RouteArgs<P>) => Promise<Response>,
): NextHandler<P> {
  return async (req, ctx) => {
    try {
      const config = await ready();
      refuseCrossSite(req, config.trustProxy);
      const auth = await authenticate(req, config, opts);
      const params = await ctx.params;
      const ip = req.headers.get(REMOTE_ADDR_HEADER) ?? "unknown";
      return await runtime.track(handler({ req, params, auth, config, ip }));
    } catch (e) {
      if (isAbortedRequest(e, req.signal)) {
        // Nobody is left to read an answer: one line, no stack.
        const code = (e as { code?: unknown }).code;
        console.warn(`[http] ${req.method} ${pathOf(req)}: request aborted by the client${typeof code === "string" ? ` (${code})` : ""}`);
        return errorResponse(new AppError(ErrorCode.BadRequest, "request aborted"));
      }
      return errorResponse(e);
    }
  };
}

/** Shorthand for routes that need a signed-in caller (optionally of some roles). */
export function withAuth<P = Record<string, never>>(
  handler: (args: RouteArgs<P> & { auth: AuthContext }) => Promise<Response>,
  opts: { roles?: readonly Role[] } = {},
): NextHandler<P> {
  return route<P>({ auth: "required", ...opts }, (args) => {
    if (!args.auth) throw new AppError(ErrorCode.Unauthenticated, "sign in first");
    return handler({ ...args, auth: args.auth });
  });
}

async function ready(): Promise<RuntimeConfig> {
  const dbReady = runtime.getDbReady();
  const config = runtime.getConfig();
  if (!dbReady || !config) {
    throw new AppError(ErrorCode.Unavailable, "the server is starting (run it with server.ts, not `next` alone)");
  }
  await dbReady;
  return config;
}

async function authenticate(req: Request, config: RuntimeConfig, opts: RouteOptions): Promise<AuthContext | null> {
  if (opts.auth === "none") return null;
  const bearer = bearerOf(req);
  const token = bearer ?? parseCookies(req.headers.get("cookie"))[ACCESS_COOKIE];
  if (!token) {
    if (opts.auth === "optional") return null;
    throw new AppError(ErrorCode.Unauthenticated, "sign in first");
  }
  let claims: AccessClaims;
  try {
    claims = verifyAccessToken(token, config.accessSecret);
  } catch (e) {
    // Optional routes: an expired token still asks the client to refresh; a bad one reads as anonymous.
    if (opts.auth === "optional" && !(isAppError(e) && e.code === ErrorCode.TokenExpired)) return null;
    throw e;
  }
  if (!(await sessionIsLive(claims))) {
    if (opts.auth === "optional") return null;
    throw new AppError(ErrorCode.Unauthenticated, "this session has ended; sign in again");
  }
  const auth: AuthContext = { userId: claims.sub, role: claims.role, name: claims.name, ...(claims.sid ? { sid: claims.sid } : {}) };
  if (opts.auth === "required" && opts.roles && !opts.roles.includes(auth.role)) {
    throw new AppError(ErrorCode.Forbidden, `only ${opts.roles.join(" or ")} accounts may do this`);
  }
  return auth;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Writes must come from our own pages (login CSRF, cross-site logout and refresh; defence in depth on
 * top of SameSite=Lax). Browsers send Origin on every POST/PUT/DELETE, so a foreign one is refused,
 * and so is a missing one on a request that carries our cookies. Clients without cookies (scripts,
 * mobile apps with a bearer token) send no Origin and are served.
 */
function refuseCrossSite(req: Request, trustProxy: number): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  if (origin === null) {
    const cookies = parseCookies(req.headers.get("cookie"));
    if (cookies[ACCESS_COOKIE] === undefined && cookies[REFRESH_COOKIE] === undefined) return;
    throw new AppError(ErrorCode.Forbidden, "cross-site request refused: a request with session cookies must name its Origin");
  }
  if (!isAllowedOrigin(origin, ownHosts(req.headers, trustProxy), ownSchemes(req, trustProxy))) {
    throw new AppError(ErrorCode.Forbidden, "cross-site request refused");
  }
}

function pathOf(req: Request): string {
  try {
    return new URL(req.url).pathname;
  } catch {
    return "?";
  }
}

function bearerOf(req: Request): string | undefined {
  const header = req.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  h.set("cache-control", "no-store");
  return new Response(JSON.stringify(data), { status, headers: h });
}

export function errorResponse(e: unknown): Response {
  const { body, retryAfterSec } = toErrorBody(e);
  const headers: Record<string, string> = {};
  if (retryAfterSec) headers["retry-after"] = String(retryAfterSec);
  const payload: ErrorResponse = { error: body };
  return json(payload, httpStatusOf[body.code], headers);
}
