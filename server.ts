import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { compressApi } from "./server/http/compress-api";
import type { Duplex } from "node:stream";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type NextServerFactory from "next";
import { buildConfig } from "@/server/config";
import { connectDb, type DbHandle, type SharedDb } from "@/server/db/connect";
import { createApiRouter, type ApiRouter } from "@/server/http/api-router";
import { clientIp } from "@/server/http/client-ip";
import { REMOTE_ADDR_HEADER } from "@/server/http/route";
import { refuseMalformedPath } from "@/server/http/malformed-url";
import { applySecurityHeaders } from "@/server/http/security-headers";
import { loadRecentRevocations } from "@/server/auth/revoked-sessions";
import type { Limits } from "@/server/limits";
import { createIo, endAllSessions, type RealtimeOptions } from "@/server/realtime/create-io";
import { runtime, type AppIo } from "@/server/runtime";
import { seedIfEmpty } from "@/server/seed/seed";
import { joinCluster, type ClusterHandle } from "@/server/cluster/cluster";
import { shareInvalidations } from "@/server/cluster/invalidation";
import type { ClusterTimings } from "@/server/cluster/node-loop";
import { runAsPrimaryIfAsked, workerSharedDb } from "@/server/cluster/workers";
import { applyInvalidation, dropAllCaches, setInvalidationPublisher } from "@/server/services/caches";
import { startJobs, type JobsOptions } from "@/server/jobs/start";

/** Composition root: one HTTP server carrying Next.js and Socket.IO, the data store, and shutdown. */

export interface StartOptions {
  port: number;
  dev: boolean;
  /** Embedded store and development secrets; default `$DATA_DIR` or `./.data`. */
  dataDir?: string;
  /** An external MongoDB; default `$MONGODB_URI`; unset: the embedded engine. */
  mongodbUri?: string;
  /** Seed the demo data when the store has no users (default true). */
  seed?: boolean;
  hostname?: string;
  /** Serve the Next.js pages (default true); false: only the API and the sockets, no Next build needed. */
  pages?: boolean;
  /** Test and benchmark seams of the realtime layer (none in production). */
  realtime?: RealtimeOptions;
  /** Abuse limits over the defaults and `LIMIT_*` (server/limits.ts); tests pass small numbers. */
  limits?: Partial<Limits>;
  /** Trusted proxy hops for X-Forwarded-For; default `$TRUST_PROXY` (0: the peer address). */
  trustProxy?: number;
  /** Scale-out (F11): Redis shared by every node; default `$REDIS_URL`; unset or "": one process, in memory. */
  redisUrl?: string;
  /** Heartbeat and dead-node timings of the cluster (tests shorten them). */
  clusterTimings?: Partial<ClusterTimings>;
  /** An embedded engine another process started (the WORKERS primary, a test): connect to it instead of starting one. */
  sharedDb?: SharedDb;
  /** Job queue settings and extra job kinds (tests); default from JOBS_POLL_MS. */
  jobs?: JobsOptions;
}

export interface RunningServer {
  port: number;
  url: string;
  io: AppIo;
  close(): Promise<void>;
}

const rootDir = path.dirname(fileURLToPath(import.meta.url));
const SHUTDOWN_TIMEOUT_MS = 10_000;
/** How long open HTTP responses (and Next's own teardown) get before they are cut. */
const DRAIN_TIMEOUT_MS = 2_000;
const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const dataDir = path.resolve(opts.dataDir ?? process.env.DATA_DIR ?? path.join(rootDir, ".data"));
  const mongodbUri = opts.mongodbUri ?? process.env.MONGODB_URI;
  const config = await buildConfig({
    dev: opts.dev,
    dataDir,
    dbKind: mongodbUri ? "external" : "embedded",
    limits: opts.limits,
    trustProxy: opts.trustProxy,
  });
  runtime.setConfig(config);
  runtime.setShuttingDown(false);
  runtime.clearStores();
  runtime.markStarted();
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL;
  const cluster = redisUrl ? await joinCluster(redisUrl, opts.clusterTimings) : null;
  runtime.setCluster(cluster);
  const leaveCluster = await shareCaches(cluster, config.accessTtlSec);

  // Route handlers await this shared promise before touching the db.
  const db: { handle: DbHandle | null } = { handle: null };
  const dbReady = (async () => {
    db.handle = await connectDb({ dataDir, mongodbUri, shared: opts.sharedDb });
    // Sessions logged out shortly before a restart stay ended (their access tokens may still be presented).
    await loadRecentRevocations(config.accessTtlSec);
    if (opts.seed !== false && (await seedIfEmpty())) console.log("[seed] demo data created");
  })();
  runtime.setDbReady(dbReady);
  dbReady.catch(() => undefined);

  // Next serves the pages; `pages: false` (API and sockets only, for fast integration tests) skips it.
  // Imported only when used: loading Next costs a second or more per process (per integration test file).
  const next = opts.pages === false ? null : (await import("next")).default;
  const app = next ? next({ dev: opts.dev, dir: rootDir, hostname: opts.hostname ?? "localhost", port: opts.port }) : null;
  // Next would otherwise attach its own "upgrade" listener to our server on the first request and
  // see every upgrade, Socket.IO's included; we route upgrades ourselves below.
  if (app) (app as unknown as { didWebSocketSetup: boolean }).didWebSocketSetup = true;
  let api: ApiRouter;
  let prometheus: ApiRouter;
  let certificates: ApiRouter;
  try {
    // The REST API is ours, loaded into this module graph (docs/ARCHITECTURE.md, "One module graph");
    // so is GET /metrics (Prometheus, F10), outside /api.
    [api, prometheus, certificates] = await Promise.all([
      createApiRouter(path.join(rootDir, "server", "api"), "/api"),
      createApiRouter(path.join(rootDir, "server", "metrics", "endpoint"), "/metrics"),
      // The public certificate verify pages (F13), outside /api.
      createApiRouter(path.join(rootDir, "server", "certificates", "endpoint"), "/certificates"),
      app?.prepare(),
      dbReady,
    ]);
  } catch (e) {
    await dbReady.catch(() => undefined);
    await db.handle?.close();
    await leaveCluster();
    throw e;
  }
  const handle = app ? app.getRequestHandler() : noPages;
  const upgrade = app && opts.dev ? devUpgradeHandler(app) : null;

  const httpServer = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Route handlers cannot see the peer address; pass the client's IP in a header no client can forge.
    req.headers[REMOTE_ADDR_HEADER] = clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.trustProxy);
    applySecurityHeaders(req, res, { dev: opts.dev, trustProxy: config.trustProxy > 0 });
    if (refuseMalformedPath(req, res)) return;
    const pathname = pathOf(req.url);
    const serve = () => {
      const router = [api, prometheus, certificates].find((r) => r.owns(pathname));
      const served = router ? router.handle(req, res) : handle(req, res);
      served.catch((e: unknown) => {
        console.error("[http] handler failed:", e instanceof Error ? e.message : String(e));
        if (!res.headersSent) res.writeHead(500).end();
      });
    };
    compressApi(req, res, serve);
  });
  const { io, state: realtime, gateway } = createIo(httpServer, () => config.accessSecret, opts.realtime);
  runtime.setIo(io);
  const jobs = await startJobs(opts.jobs);
  httpServer.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url?.startsWith("/socket.io/")) return; // engine.io handles its own upgrades
    if (gateway.handles(req)) {
      gateway.handleUpgrade(req, socket, head); // the native WebSocket gateway (/ws, SPEC F12)
      return;
    }
    if (upgrade) void upgrade(req, socket, head);
    else socket.destroy();
  });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(opts.port, opts.hostname, () => {
        httpServer.off("error", reject);
        resolve();
      });
    });
  } catch (e) {
    // e.g. EADDRINUSE: release what was started before giving up.
    gateway.close();
    await realtime.close().catch(() => undefined);
    await io.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await db.handle?.close();
    await leaveCluster();
    throw e;
  }
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  // Server-rendered pages load their data from our own API (app/courses/course-from-api.ts).
  if (app && typeof address === "object" && address) process.env.LEARNLIVE_SELF_URL = selfUrl(address.address, port);

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      runtime.setShuttingDown(true);
      // No new job starts here; running ones get a moment, the rest are unlocked for the next start.
      await jobs.stop();
      const httpClosed = new Promise<void>((resolve) => {
        httpServer.close(() => {
          resolve();
        });
      });
      endAllSessions(io);
      gateway.close();
      await io.close().catch(() => undefined);
      await realtime.close().catch((e: unknown) => {
        console.error("[server] realtime state not saved:", e instanceof Error ? e.message : String(e));
      });
      // Requests already running finish their writes; then idle and stuck connections are cut.
      await Promise.allSettled(runtime.inflight());
      httpServer.closeIdleConnections();
      await Promise.race([httpClosed, delay(DRAIN_TIMEOUT_MS)]);
      httpServer.closeAllConnections();
      if (runtime.getIo() === io) runtime.setIo(null);
      if (app) await Promise.race([app.close().catch(() => undefined), delay(DRAIN_TIMEOUT_MS)]);
      await leaveCluster();
      await db.handle?.close();
    })());

  return { port, url: `http://localhost:${port}`, io, close };
}

/**
 * With a cluster: cache invalidations go to every node, and a node that may have missed some (Redis
 * came back) drops its caches and reloads the revoked sessions. Returns what leaves the cluster.
 */
async function shareCaches(cluster: ClusterHandle | null, accessTtlSec: number): Promise<() => Promise<void>> {
  if (!cluster) return () => Promise.resolve();
  const shared = await shareInvalidations(cluster, applyInvalidation, () => {
    dropAllCaches();
    loadRecentRevocations(accessTtlSec).catch((e: unknown) => {
      console.error("[cluster] revoked sessions not reloaded:", e instanceof Error ? e.message : String(e));
    });
  });
  setInvalidationPublisher(shared.publish);
  return async () => {
    setInvalidationPublisher(null);
    await shared.close();
    if (runtime.getCluster() === cluster) runtime.setCluster(null);
    await cluster.close();
  };
}

const noPages = (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("pages are not served by this server (pages: false)");
  return Promise.resolve();
};

const pathOf = (url: string | undefined): string => (url ?? "/").replace(/[?#].*$/s, "");

type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;

/**
 * Next 16.4's public `app.getUpgradeHandler()` resolves to NextNodeServer.handleUpgrade, a no-op
 * that leaves the HMR socket hanging. The handler Next itself attaches (router-server's, which
 * serves /_next/hmr) is the custom-server wrapper's `upgradeHandler` getter; use it when present.
 */
function devUpgradeHandler(app: ReturnType<typeof NextServerFactory>): UpgradeHandler {
  const internal = (app as unknown as { upgradeHandler?: UpgradeHandler }).upgradeHandler;
  return internal ?? app.getUpgradeHandler();
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const dev = process.env.NODE_ENV !== "production";
  // WORKERS=N: this process becomes the node:cluster primary and never serves itself (server/cluster/workers.ts).
  if (await runAsPrimaryIfAsked({ dataDir: path.resolve(process.env.DATA_DIR ?? path.join(rootDir, ".data")) })) return;
  let server: RunningServer;
  try {
    server = await startServer({ port, dev, sharedDb: await workerSharedDb() });
  } catch (e) {
    console.error(`[server] failed to start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  console.log(`[server] ready on ${server.url} (${dev ? "development" : "production"})`);
  const shutdown = (signal: string) => {
    console.log(`[server] ${signal}: shutting down`);
    setTimeout(() => {
      console.error("[server] shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error("[server] shutdown failed:", e instanceof Error ? e.message : String(e));
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => {
    shutdown("SIGTERM");
  });
  process.once("SIGINT", () => {
    shutdown("SIGINT");
  });
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) void main();

/** How this process reaches itself: the bound address, loopback for a wildcard one. */
function selfUrl(host: string, port: number): string {
  if (host === "::" || host === "0.0.0.0") return `http://127.0.0.1:${String(port)}`;
  return host.includes(":") ? `http://[${host}]:${String(port)}` : `http://${host}:${String(port)}`;
}
