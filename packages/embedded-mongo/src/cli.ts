import { resolve } from "node:path";
import { parseCliArgs, USAGE, UsageError, type CliArgs } from "./cli-args.js";
import { EngineServer } from "./engine-server.js";
import { DbPathLockedError } from "./storage/lock-file.js";

/** Message sent over IPC to a parent that forked this process (see index.ts). */
export interface ReadyMessage {
  type: "embedded-mongo:ready";
  port: number;
}

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
  const dbPath = resolve(args.dbPath);
  let engine: EngineServer;
  try {
    engine = new EngineServer({ dbPath, port: args.port, host: args.host, compactEveryOps: args.compactEveryOps, slowMs: args.slowMs, log });
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
    process.stderr.write(`embedded-mongo: cannot listen on ${args.host}:${args.port}: ${err instanceof Error ? err.message : String(err)}\n`);
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
  process.on("SIGTERM", () => {
    shutdown("SIGTERM");
  });
  process.on("SIGINT", () => {
    shutdown("SIGINT");
  });
  if (process.send) {
    process.on("message", (msg: unknown) => {
      if (msg === "embedded-mongo:shutdown") shutdown("parent request");
    });
    process.on("disconnect", () => {
      shutdown("parent disconnected");
    });
    const ready: ReadyMessage = { type: "embedded-mongo:ready", port };
    process.send(ready);
  }
  process.stdout.write(`embedded-mongo listening on ${args.host}:${port} dbpath=${dbPath}\n`);
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
