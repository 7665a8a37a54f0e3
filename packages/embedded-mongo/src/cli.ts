import { chmodSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { loadOrCreateCredentials } from "./auth/credentials.js";
import { deriveScramUser, type ScramUser } from "./auth/scram.js";
import { parseCliArgs, socketPathProblem, USAGE, UsageError, type CliArgs } from "./cli-args.js";
import { EngineServer } from "./engine-server.js";
import { DbPathLockedError } from "./storage/lock-file.js";

/** Message sent over IPC to a parent that forked this process (see index.ts). */
export interface ReadyMessage {
  type: "embedded-mongo:ready";
  /** 0 when listening on a Unix socket. */
  port: number;
  socketPath?: string;
  credentialsFile?: string;
}

/**
 * With a parent (forked by index.ts) a SIGTERM/SIGINT is not ours to act on at once: it is the
 * signal a whole process group or cgroup receives, and the parent still has writes to make while it
 * shuts down. The parent stops us (IPC message), or its death does (IPC disconnect); if neither
 * happens within this delay the signal is obeyed anyway.
 */
const PARENT_GRACE_MS = 30_000;

function log(line: string): void {
  process.stderr.write(`[embedded-mongo ${new Date().toISOString()}] ${line}\n`);
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`embedded-mongo: ${err.message}\n${USAGE}\n`);
      process.exit(2);
    }
    throw err;
  }
  // Everything the engine creates (journal, snapshot, lock, socket) is for this OS user only.
  process.umask(0o077);
  const dbPath = resolve(args.dbPath);
  const socketPath = args.socketPath === undefined ? undefined : resolve(args.socketPath);
  const fail = (message: string): never => {
    process.stderr.write(`embedded-mongo: ${message}\n`);
    process.exit(1);
  };
  try {
    mkdirSync(dbPath, { recursive: true, mode: 0o700 });
    chmodSync(dbPath, 0o700);
    if (socketPath !== undefined) {
      const problem = socketPathProblem(socketPath);
      if (problem) fail(problem);
      const socketDir = dirname(socketPath);
      mkdirSync(socketDir, { recursive: true, mode: 0o700 });
      const mode = statSync(socketDir).mode & 0o777;
      if ((mode & 0o077) !== 0) log(`warning: socket directory ${socketDir} is accessible by other users (mode 0${mode.toString(8)}); the socket itself is 0600`);
    }
  } catch (err) {
    fail(`cannot prepare dbpath ${dbPath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let users: ScramUser[] | undefined;
  const credentialsFile = args.auth ? resolve(args.credentialsFile ?? join(dbPath, "credentials.json")) : undefined;
  if (credentialsFile !== undefined) {
    try {
      const creds = loadOrCreateCredentials(credentialsFile);
      if (creds.created) log(`created credentials file ${credentialsFile} (user ${creds.username}, random password)`);
      users = [deriveScramUser(creds.username, creds.password)];
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  }
  let engine: EngineServer;
  try {
    engine = new EngineServer({ dbPath, port: args.port, host: args.host, socketPath, users, compactEveryOps: args.compactEveryOps, slowMs: args.slowMs, ttlMonitorMs: args.ttlMonitorMs, log });
  } catch (err) {
    if (err instanceof DbPathLockedError) {
      process.stderr.write(`embedded-mongo: ${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`embedded-mongo: failed to open dbpath ${dbPath}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  let port: number;
  try {
    port = await engine.listen();
  } catch (err) {
    process.stderr.write(`embedded-mongo: cannot listen on ${socketPath ?? `${args.host}:${String(args.port)}`}: ${err instanceof Error ? err.message : String(err)}\n`);
    await engine.close();
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    log(`shutting down (${reason})`);
    // Journal writes are flushed before acks, so a close that hangs loses nothing acknowledged.
    setTimeout(() => process.exit(1), 10_000).unref();
    engine.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`error during shutdown: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  let graceTimer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!process.connected) {
      shutdown(signal);
      return;
    }
    if (graceTimer) return;
    log(`${signal} received: waiting for the parent process to stop the engine (at most ${String(PARENT_GRACE_MS / 1000)} s)`);
    graceTimer = setTimeout(() => {
      shutdown(`${signal}, parent did not stop the engine`);
    }, PARENT_GRACE_MS);
    graceTimer.unref();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  if (process.send) {
    process.on("message", (msg: unknown) => {
      if (msg === "embedded-mongo:shutdown") shutdown("parent request");
    });
    process.on("disconnect", () => {
      shutdown("parent disconnected");
    });
    const ready: ReadyMessage = { type: "embedded-mongo:ready", port, socketPath, credentialsFile };
    process.send(ready);
  }
  const where = socketPath ?? `${args.host}:${String(port)}`;
  process.stdout.write(`embedded-mongo listening on ${where} dbpath=${dbPath}${users ? " auth=SCRAM-SHA-256" : ""}\n`);
}

// A parent that died takes our stdout/stderr pipes with it: writing there must not throw in a loop
// (an EPIPE logged as an uncaught exception fails to write again, and so on, at full CPU).
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", () => undefined);
}
process.on("uncaughtException", (err) => {
  if ((err as NodeJS.ErrnoException).code === "EPIPE") return;
  log(`uncaught exception: ${err.stack ?? err.message}`);
});
process.on("unhandledRejection", (err) => {
  log(`unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
});

void main();
