import type { Server } from "socket.io";
import type { Limits } from "./limits";
import type { ClusterHandle } from "./cluster/cluster";
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from "@/contracts/socket";

/**
 * The process's running parts: the io instance, the db-ready promise, the configuration, named stores
 * (rate-limit buckets, caches) and the writes in flight. Plain module state: the REST routes are served
 * by server.ts's own router (server/http/api-router.ts) in the same module graph as the sockets, and
 * Next's bundle holds no server code (ESLint refuses server imports under app/), so there is exactly
 * one instance of this module (docs/ARCHITECTURE.md, "One module graph").
 */
export type AppIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RuntimeConfig {
  dev: boolean;
  dataDir: string;
  accessSecret: string;
  refreshSecret: string;
  accessTtlSec: number;
  refreshTtlSec: number;
  dbKind: "embedded" | "external";
  /** Secure cookies: on in production unless COOKIE_SECURE=false (plain-http deployments). */
  secureCookies: boolean;
  /** Abuse limits (server/limits.ts). */
  limits: Limits;
  /** Proxy hops whose X-Forwarded-For entries are trusted (TRUST_PROXY; 0: the peer address). */
  trustProxy: number;
  /** Native gateway heartbeat (WS_HEARTBEAT_MS, default 30 s): a ping each period; no pong by the next one ends the connection. */
  wsHeartbeatMs: number;
}

interface RuntimeState {
  io: AppIo | null;
  dbReady: Promise<void> | null;
  config: RuntimeConfig | null;
  startedAt: number;
  /** Keyed stores for rate limiters (login attempts, ...). */
  stores: Map<string, unknown>;
  /** Writes in flight; shutdown waits for them. */
  inflight: Set<Promise<unknown>>;
  shuttingDown: boolean;
  /** With REDIS_URL: this node's Redis connection and id (F11); null in one process. */
  cluster: ClusterHandle | null;
}

const current: RuntimeState = {
  io: null,
  dbReady: null,
  config: null,
  startedAt: Date.now(),
  stores: new Map(),
  inflight: new Set(),
  shuttingDown: false,
  cluster: null,
};
const state = (): RuntimeState => current;

export const runtime = {
  getIo: (): AppIo | null => state().io,
  setIo: (io: AppIo | null): void => {
    state().io = io;
  },
  getConfig: (): RuntimeConfig | null => state().config,
  setConfig: (config: RuntimeConfig | null): void => {
    state().config = config;
  },
  getDbReady: (): Promise<void> | null => state().dbReady,
  setDbReady: (p: Promise<void> | null): void => {
    state().dbReady = p;
  },
  startedAt: (): number => state().startedAt,
  markStarted: (): void => {
    state().startedAt = Date.now();
  },
  /** A named store, created on first use and dropped by clearStores() when a server starts. */
  store<T>(name: string, create: () => T): T {
    const stores = state().stores;
    if (!stores.has(name)) stores.set(name, create());
    return stores.get(name) as T;
  },
  /** Forgets one named store (the next use creates it again, empty). */
  dropStore: (name: string): void => {
    state().stores.delete(name);
  },
  clearStores: (): void => {
    state().stores.clear();
  },
  /** Tracks a write so a graceful shutdown can wait for it. */
  track<T>(p: Promise<T>): Promise<T> {
    const set = state().inflight;
    set.add(p);
    const done = () => set.delete(p);
    p.then(done, done);
    return p;
  },
  inflight: (): Promise<unknown>[] => [...state().inflight],
  isShuttingDown: (): boolean => state().shuttingDown,
  setShuttingDown: (v: boolean): void => {
    state().shuttingDown = v;
  },
  getCluster: (): ClusterHandle | null => state().cluster,
  setCluster: (cluster: ClusterHandle | null): void => {
    state().cluster = cluster;
  },
};
