import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createInterface } from "node:readline";

export interface StartEmbeddedMongoOptions {
  dbPath: string;
  port?: number;
  host?: string;
  logger?: (line: string) => void;
  compactEveryOps?: number;
  /** Log commands slower than this many milliseconds (default 100, as mongod). */
  slowMs?: number;
}

export interface EmbeddedMongo {
  /** `mongodb://127.0.0.1:PORT/` — the client picks the database name. */
  uri: string;
  port: number;
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
  const args = ["--dbpath", opts.dbPath, "--port", String(opts.port ?? 0), "--host", host];
  if (opts.compactEveryOps !== undefined) args.push("--compact-every-ops", String(opts.compactEveryOps));
  if (opts.slowMs !== undefined) args.push("--slowms", String(opts.slowMs));
  const child: ChildProcess = fork(CLI_PATH, args, {
    execArgv: [...(process.env.EMBEDDED_MONGO_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", tsxLoader()],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: { ...process.env, NODE_OPTIONS: "" },
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
      const port = Number((msg as { port: unknown }).port);
      resolve({
        uri: `mongodb://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}/`,
        port,
        pid: child.pid ?? -1,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          stopping = true;
          child.kill("SIGTERM");
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
