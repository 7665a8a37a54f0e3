/* eslint-disable @typescript-eslint/no-unnecessary-type-parameters -- tests name the response type they expect; `T` is a deliberate, test-only cast. */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents } from "@/contracts/socket";
import type { Ack } from "@/contracts/ack";
import type { AuthResponse } from "@/contracts/dto";
import { signAccessToken } from "@/server/auth/tokens";
import { runtime } from "@/server/runtime";
import { startServer, type RunningServer, type StartOptions } from "../../../server";
import type { RealtimeTimings } from "@/server/realtime/timings";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// Production mode requires real secrets; the tests know them so they can forge expired tokens.
process.env.JWT_ACCESS_SECRET ??= randomBytes(32).toString("hex");
process.env.JWT_REFRESH_SECRET ??= randomBytes(32).toString("hex");
export const accessSecret = process.env.JWT_ACCESS_SECRET;

export interface TestServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  /** Closes the server (and its engine); `keepData` leaves the dataDir for a restart. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/**
 * One server for the whole test file: started before the first test, stopped after the last, and
 * the client sockets opened through `connect()` closed after each test. Use it at module level.
 */
export function useTestServer(opts: TestServerOptions = {}): TestServer {
  let current: TestServer | null = null;
  const get = (): TestServer => {
    if (!current) throw new Error("the test server starts in beforeAll: use it inside hooks and tests");
    return current;
  };
  beforeAll(async () => {
    current = await startTestServer(undefined, opts);
  });
  afterEach(() => {
    closeAllSockets();
  });
  afterAll(async () => {
    await current?.stop();
  });
  return {
    get server() { return get().server; },
    get url() { return get().url; },
    get dataDir() { return get().dataDir; },
    stop: (opts) => get().stop(opts),
  };
}

/**
 * What a test file may set on its server: limits (server/limits.ts), the trusted proxy hops, job settings and
 * whether Next serves the pages (off by default: the API and sockets need no Next build; the files
 * that test pages live in tests/integration/pages/ and turn it on).
 */
export type TestServerOptions = Pick<StartOptions, "limits" | "trustProxy" | "pages" | "jobs" | "redisUrl"> & {
  /** Presence grace, viewer-count interval, gateway heartbeat (server/realtime/timings.ts): short ones, so a test waits just past them. */
  timings?: Partial<RealtimeTimings>;
};

export async function startTestServer(dataDir?: string, opts: TestServerOptions = {}): Promise<TestServer> {
  const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), "ll-it-")));
  // mongodbUri "": always the embedded engine on the temp dir, even if MONGODB_URI is set.
  // Every test client is 127.0.0.1, and suites create more accounts than a real IP may in an hour:
  // registration is limited only where a test asks for it (limits.test.ts).
  const limits = { registrationsPerIp: 0, ...opts.limits };
  const server = await startServer({ port: 0, dev: false, dataDir: dir, mongodbUri: "", trustProxy: opts.trustProxy ?? 0, limits, pages: opts.pages ?? false, jobs: opts.jobs, realtime: { timings: opts.timings },
    // "": one process even where REDIS_URL is set; a test that wants a cluster node passes its own Redis.
    redisUrl: opts.redisUrl ?? "" });
  return {
    server,
    url: server.url,
    dataDir: dir,
    stop: async (opts = {}) => {
      await server.close();
      if (!opts.keepData) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A tiny HTTP client with a cookie jar (by name; paths are not modelled). */
export class Api {
  readonly cookies = new Map<string, string>();
  lastSetCookies: string[] = [];
  constructor(readonly base: string, public token?: string) {}

  async call<T = unknown>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    // As a browser does on our own pages: every request that changes state names its origin.
    const h: Record<string, string> = method === "GET" || method === "HEAD" ? { ...headers } : { origin: this.base, ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === "string" ? body : JSON.stringify(body);
      h["content-type"] ??= "application/json";
    }
    const res = await fetch(this.base + url, { method, headers: h, body: payload });
    this.lastSetCookies = res.headers.getSetCookie();
    for (const c of this.lastSetCookies) {
      const [pair] = c.split(";");
      const eq = (pair ?? "").indexOf("=");
      const name = (pair ?? "").slice(0, eq);
      const value = (pair ?? "").slice(eq + 1);
      if (value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = unknown>(url: string) {
    return this.call<T>("GET", url);
  }
  post<T = unknown>(url: string, body?: unknown) {
    return this.call<T>("POST", url, body);
  }
  put<T = unknown>(url: string, body?: unknown) {
    return this.call<T>("PUT", url, body);
  }
}

export const DEMO = {
  admin: "admin@demo.test",
  instructor: "instructor@demo.test",
  learner1: "learner1@demo.test",
  learner2: "learner2@demo.test",
} as const;

export async function loginAs(base: string, email: string, password = "demo-password"): Promise<Api & { user: AuthResponse["user"] }> {
  const api = new Api(base);
  const res = await api.post("/api/auth/login", { email, password });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as AuthResponse;
  api.token = body.accessToken;
  return Object.assign(api, { user: body.user });
}

export function tokenFor(user: AuthResponse["user"], ttlSec: number): string {
  return signAccessToken(user, accessSecret, ttlSec);
}

const live: ClientSocket[] = [];

/** Connects and resolves on `connect`, or rejects with the `connect_error` message. */
export function connect(base: string, opts: { token?: string; cookie?: string; ns?: string; headers?: Record<string, string> } = {}): Promise<ClientSocket> {
  const socket: ClientSocket = io(base + (opts.ns ?? ""), {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    auth: opts.token ? { token: opts.token } : {},
    extraHeaders: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers },
  });
  live.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      resolve(socket);
    });
    socket.once("connect_error", (err) => {
      socket.close();
      reject(err);
    });
  });
}

export function closeAllSockets(): void {
  for (const s of live.splice(0)) s.close();
}

/** Resolves with the next payload of `event` (that passes `match`), or rejects after `ms`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  ms = 3000,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const listener = (payload: unknown) => {
      const p = payload as Parameters<ServerToClientEvents[E]>[0];
      if (!match(p)) return;
      clearTimeout(timer);
      untyped(socket).off(event, listener);
      resolve(p);
    };
    const timer = setTimeout(() => {
      untyped(socket).off(event, listener);
      reject(new Error(`no matching "${event}" within ${ms} ms`));
    }, ms);
    untyped(socket).on(event, listener);
  });
}

/** Records every payload of `event` from now on. */
export function record<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  untyped(socket).on(event, (payload) => {
    seen.push(payload as Parameters<ServerToClientEvents[E]>[0]);
  });
  return seen;
}

type UntypedListen = (event: string, listener: (payload: unknown) => void) => void;
const untyped = (socket: ClientSocket) => socket as unknown as { on: UntypedListen; off: UntypedListen };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until nothing more can arrive from what the test has done so far, so that "nothing arrived"
 * is a real check and not a guess at a delay: first the server's tracked in-flight work (the chat
 * notice raised after a send's ack, other deferred writes) settles, then each socket makes one round
 * trip. Events written to a connection before the reply arrive before it (one ordered stream), so
 * whatever the earlier actions sent to these sockets has been received when this resolves.
 * (Snapshot deliveries written in slices, and throttled ones, need a wait past their moment instead.)
 */
export async function settle(...sockets: ClientSocket[]): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const pending = runtime.inflight();
    if (pending.length === 0) break;
    await Promise.allSettled(pending);
  }
  // An event the server does not know is answered at once (a BAD_REQUEST ack), touching no state.
  await Promise.all(sockets.filter((s) => s.connected).map((s) => (s as unknown as Socket).timeout(5000).emitWithAck("__settle__")));
}

/** Emits with an ack and resolves with the ack's response. */
export function emitAck<T = unknown>(socket: ClientSocket, event: string, ...args: unknown[]): Promise<Ack<T>> {
  return (socket as unknown as Socket).timeout(3000).emitWithAck(event, ...args) as Promise<Ack<T>>;
}
