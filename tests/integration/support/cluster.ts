import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { connect as tcp, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedMongo } from "embedded-mongo";
import type { StartOptions } from "../../../server";
import type { SharedDb } from "@/server/db/connect";
import "./harness"; // sets the JWT secrets the child nodes inherit

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** One store shared by several nodes: the embedded engine run by the test itself, so any node may die. */
export async function startSharedStore(): Promise<{ dataDir: string; shared: SharedDb; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "ll-cluster-"));
  const engine = await startEmbeddedMongo({
    dbPath: path.join(dataDir, "db"), socketPath: path.join(dataDir, "db", "mongod.sock"), auth: true,
    credentialsFile: path.join(dataDir, "db-credentials.json"), logger: () => undefined,
  });
  if (!engine.credentials) throw new Error("engine started without credentials");
  return {
    dataDir,
    shared: { uri: engine.uri, credentials: engine.credentials },
    stop: async () => {
      await engine.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ChildNode {
  url: string;
  port: number;
  pid: number;
  /** Everything the node printed (for failure messages and log assertions). */
  output(): string;
  /** Graceful stop (the server's close), resolving when the process has exited. */
  stop(): Promise<void>;
  /** kill -9. */
  kill(): Promise<void>;
  exited(): boolean;
}

/** Starts a server node in its own process (support/node-process.ts) and resolves once it serves. */
export async function startNode(opts: Omit<StartOptions, "dev" | "port"> & { port?: number }): Promise<ChildNode> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", LL_NODE: JSON.stringify({ port: 0, mongodbUri: "", pages: false, ...opts }) };
  const child: ChildProcess = fork(path.join(ROOT, "tests/integration/support/node-process.ts"), [], {
    cwd: ROOT, env, execArgv: ["--import", "tsx"], stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let out = "";
  child.stdout?.on("data", (c: Buffer) => { out += c.toString(); });
  child.stderr?.on("data", (c: Buffer) => { out += c.toString(); });
  const exit = new Promise<void>((resolve) => child.once("exit", () => { resolve(); }));
  const ready = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`node not ready within 60 s:\n${out}`)); }, 60_000);
    child.on("message", (msg: { type?: string; url?: string; port?: number }) => {
      if (msg.type !== "ready" || !msg.url || !msg.port) return;
      clearTimeout(timer);
      resolve({ url: msg.url, port: msg.port });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited (${String(code)}) before it was ready:\n${out}`));
    });
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    ...ready,
    pid: child.pid ?? 0,
    output: () => out,
    exited,
    stop: async () => {
      if (exited()) return;
      child.send("stop");
      await exit;
    },
    kill: async () => {
      if (exited()) return;
      child.kill("SIGKILL");
      await exit;
    },
  };
}

/**
 * A load balancer for tests: a TCP proxy on a free port that sends each new connection to the first
 * backend that accepts it, so clients pointed at it reconnect to a survivor when a node dies.
 */
export async function startFailoverProxy(backends: () => number[]): Promise<{ url: string; close(): Promise<void> }> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.once("close", () => open.delete(client));
    client.pause();
    const tryNext = (ports: number[]) => {
      const [port, ...rest] = ports;
      if (port === undefined) {
        client.destroy();
        return;
      }
      const upstream = tcp(port, "127.0.0.1");
      upstream.once("error", () => {
        if (!upstream.readable || upstream.connecting) tryNext(rest);
        else client.destroy();
      });
      upstream.once("connect", () => {
        open.add(upstream);
        upstream.once("close", () => { open.delete(upstream); client.destroy(); });
        client.once("close", () => upstream.destroy());
        client.on("error", () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    tryNext(backends());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://localhost:${String(port)}`,
    close: () => new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => { resolve(); });
    }),
  };
}
