import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createInterface } from "node:readline";
import { readCredentials } from "./auth/credentials.js";
import { AUTH_DB, SCRAM_SHA_256 } from "./auth/scram.js";
import { socketPathProblem } from "./cli-args.js";

export { MAX_SOCKET_PATH_BYTES, socketPathProblem } from "./cli-args.js";

export interface StartEmbeddedMongoOptions {
  dbPath: string;
  /** TCP port (default 0 = any free port); not with `socketPath`. */
  port?: number;
  host?: string;
  /**
   * Listen on this Unix domain socket instead of TCP: an absolute path ending in `.sock`, at most
   * 107 bytes. Its directory is created 0700 when missing; the socket is 0600.
   */
  socketPath?: string;
  /** Require SCRAM-SHA-256 authentication; the result's `credentials` say how to log in. */
  auth?: boolean;
  /** With `auth`: the credentials file (default `<dbPath>/credentials.json`, created 0600 with a random password). */
  credentialsFile?: string;
  logger?: (line: string) => void;
  compactEveryOps?: number;
  /** Log commands slower than this many milliseconds (default 100, as mongod). */
  slowMs?: number;
  /** How often the TTL monitor deletes expired documents (default 60,000 ms, as mongod's 60 s). */
  ttlMonitorMs?: number;
}

/** How a client authenticates to an engine started with `auth` (mongodb/mongoose client options). */
export interface EmbeddedMongoCredentials {
  username: string;
  password: string;
  authSource: typeof AUTH_DB;
  authMechanism: typeof SCRAM_SHA_256;
}

export interface EmbeddedMongo {
  /**
   * `mongodb://127.0.0.1:PORT/`, or `mongodb://%2Fpath%2Fto%2Fmongod.sock/` on a Unix socket; no
   * credentials in it: the client picks the database name and passes `credentials` as options.
   */
  uri: string;
  /** TCP port; 0 on a Unix socket. */
  port: number;
  socketPath?: string;
  /** Set when started with `auth`. */
  credentials?: EmbeddedMongoCredentials;
  /** Process id of the engine child (useful for crash tests). */
  pid: number;
  /** Flushes the journal, releases the lock and resolves once the engine process has exited. */
  stop(): Promise<void>;
}

const CLI_PATH = fileURLToPath(new URL("./cli.ts", import.meta.url));
const STOP_TIMEOUT_MS = 15_000;
/** Generous: recovery replays the whole journal before the engine reports ready. */
const START_TIMEOUT_MS = 120_000;

function tsxLoader(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve("tsx")).href;
}

/**
 * What the child runs: cli.ts through the tsx loader, or, when `EMBEDDED_MONGO_BUNDLE` names one, a
 * prebuilt JavaScript bundle of that same cli.ts run by plain node. Loading the sources through tsx
 * costs about 0.8 s of CPU per start against 0.2 s for the bundle; the integration suite, which starts
 * an engine per test file, builds one per run (tests/integration/support/engine-bundle.ts).
 */
function childEntry(): { script: string; execArgv: string[] } {
  const bundle = process.env.EMBEDDED_MONGO_BUNDLE;
  return bundle ? { script: bundle, execArgv: [] } : { script: CLI_PATH, execArgv: ["--import", tsxLoader()] };
}

function forwardLines(stream: NodeJS.ReadableStream | null, logger: (line: string) => void, recent?: string[]): void {
  if (!stream) return;
  createInterface({ input: stream }).on("line", (line) => {
    if (recent) {
      recent.push(line);
      if (recent.length > 5) recent.shift();
    }
    logger(line);
  });
}

/** Starts the engine in a child process running the same entry as the CLI. */
export function startEmbeddedMongo(opts: StartEmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const logger = opts.logger ?? ((line: string) => process.stderr.write(`${line}\n`));
  const host = opts.host ?? "127.0.0.1";
  const args = ["--dbpath", opts.dbPath];
  if (opts.socketPath !== undefined) {
    const problem = opts.port !== undefined || opts.host !== undefined ? "socketPath cannot be combined with port or host" : socketPathProblem(opts.socketPath);
    if (problem) return Promise.reject(new Error(`embedded-mongo: ${problem}`));
    args.push("--socket", opts.socketPath);
  } else {
    args.push("--port", String(opts.port ?? 0), "--host", host);
  }
  if (opts.auth) args.push("--auth");
  if (opts.credentialsFile !== undefined) {
    if (!opts.auth) return Promise.reject(new Error("embedded-mongo: credentialsFile needs auth: true"));
    args.push("--credentials-file", opts.credentialsFile);
  }
  if (opts.compactEveryOps !== undefined) args.push("--compact-every-ops", String(opts.compactEveryOps));
  if (opts.slowMs !== undefined) args.push("--slowms", String(opts.slowMs));
  if (opts.ttlMonitorMs !== undefined) args.push("--ttl-monitor-ms", String(opts.ttlMonitorMs));
  const entry = childEntry();
  const child: ChildProcess = fork(entry.script, args, {
    execArgv: [...(process.env.EMBEDDED_MONGO_NODE_ARGS?.split(" ").filter(Boolean) ?? []), ...entry.execArgv],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: { ...process.env, NODE_OPTIONS: "" },
    // Its own process group: a signal to ours (Ctrl-C, kill -TERM -PGID) must not stop the store
    // while we still write during our shutdown. We stop it (stop()), or our death does (IPC disconnect).
    detached: true,
  });
  const recentErrors: string[] = [];
  forwardLines(child.stdout, logger);
  forwardLines(child.stderr, logger, recentErrors);
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => { resolve(); }));

  return new Promise<EmbeddedMongo>((resolve, reject) => {
    let ready = false;
    const startTimer = setTimeout(() => {
      if (ready) return;
      recentErrors.push(`not ready after ${START_TIMEOUT_MS} ms`);
      child.kill("SIGKILL");
    }, START_TIMEOUT_MS);
    startTimer.unref();
    child.on("message", (msg: unknown) => {
      if (ready || typeof msg !== "object" || msg === null || (msg as { type?: unknown }).type !== "embedded-mongo:ready") return;
      ready = true;
      clearTimeout(startTimer);
      const info = msg as { port: unknown; socketPath?: unknown; credentialsFile?: unknown };
      const port = Number(info.port);
      const socketPath = typeof info.socketPath === "string" ? info.socketPath : undefined;
      let credentials: EmbeddedMongoCredentials | undefined;
      if (typeof info.credentialsFile === "string") {
        try {
          credentials = { ...readCredentials(info.credentialsFile), authSource: AUTH_DB, authMechanism: SCRAM_SHA_256 };
        } catch (err) {
          stopping = true;
          child.kill("SIGKILL");
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
      }
      resolve({
        uri: socketPath !== undefined ? `mongodb://${encodeURIComponent(socketPath)}/` : `mongodb://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}/`,
        port,
        socketPath,
        credentials,
        pid: child.pid ?? -1,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          stopping = true;
          // The engine ignores SIGTERM while we are connected (it may be a signal to a whole cgroup).
          if (child.connected) child.send("embedded-mongo:shutdown", (err) => { if (err) child.kill("SIGTERM"); });
          else child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        },
      });
    });
    // "close" comes after the child's stdio has ended, so its last stderr lines are available.
    child.once("close", (code, signal) => {
      if (ready) return;
      const detail = recentErrors.length > 0 ? `: ${recentErrors.join(" | ")}` : "";
      reject(new Error(`embedded-mongo failed to start (exit code ${String(code)}, signal ${String(signal)}) for dbPath ${opts.dbPath}${detail}`));
    });
    child.once("exit", (code, signal) => {
      if (ready && !stopping) {
        logger(`embedded-mongo engine process ${String(child.pid)} exited unexpectedly (code ${String(code)}, signal ${String(signal)})`);
      }
    });
    child.once("error", (err) => {
      if (!ready) reject(err);
      else logger(`embedded-mongo engine process error: ${err.message}`);
    });
  });
}
