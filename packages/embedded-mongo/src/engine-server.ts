import { chmodSync, lstatSync, unlinkSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { type Document } from "bson";
import { AUTH_DB, ConnectionAuth, type ScramUser, SCRAM_SHA_256, UNAUTHENTICATED_COMMANDS, unauthorized } from "./auth/scram.js";
import { toErrorReply } from "./errors.js";
import { CursorRegistry } from "./commands/cursor-registry.js";
import { dispatchCommand } from "./commands/dispatcher.js";
import { observeGcPauses, recordCommandLatency } from "./commands/latency-stats.js";
import { Store } from "./storage/store.js";
import { DEFAULT_TTL_MONITOR_MS, TtlMonitor } from "./storage/ttl-monitor.js";
import { Connection } from "./wire/connection.js";
import { type IncomingCommand } from "./wire/messages.js";

export interface EngineServerOptions {
  dbPath: string;
  port: number;
  host: string;
  /** Listen on this Unix domain socket (mode 0600) instead of TCP. */
  socketPath?: string;
  /** Set: authentication is required (SCRAM-SHA-256 against these users of the admin database). */
  users?: ScramUser[];
  compactEveryOps?: number;
  /** Commands that take longer than this are logged, as mongod's slowms does (default 100). */
  slowMs?: number;
  /** How often the TTL monitor looks for expired documents (default 60,000 ms, as mongod). */
  ttlMonitorMs?: number;
  log: (line: string) => void;
}

const DEFAULT_SLOW_MS = 100;

/** "insert app.messages (12 documents)": enough to tell which command was slow, no values. */
function describeCommand(db: string, body: Document): string {
  const name = Object.keys(body)[0] ?? "?";
  const target: unknown = body[name];
  const ns = typeof target === "string" ? `${db}.${target}` : db;
  const docs = Array.isArray(body.documents) ? ` (${String(body.documents.length)} documents)` : Array.isArray(body.updates) ? ` (${String(body.updates.length)} updates)` : "";
  return `${name} ${ns}${docs}`;
}

/** The engine: durable store + cursors + TCP server speaking the MongoDB wire protocol. */
export class EngineServer {
  private readonly store: Store;
  private readonly cursors = new CursorRegistry();
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  /** Per-connection SCRAM state; only when authentication is on. */
  private readonly auth = new Map<number, ConnectionAuth>();
  private nextConnectionId = 1;
  private readonly ttl: TtlMonitor;

  constructor(private readonly opts: EngineServerOptions) {
    this.store = new Store({
      dbPath: opts.dbPath,
      compactEveryOps: opts.compactEveryOps,
      log: opts.log,
      onFatal: (err) => {
        opts.log(`FATAL: journal write failed, exiting to avoid acknowledging lost writes: ${err.message}`);
        process.exit(3);
      },
    });
    this.server = createServer((socket) => {
      this.accept(socket);
    });
    this.ttl = new TtlMonitor(this.store, opts.ttlMonitorMs ?? DEFAULT_TTL_MONITOR_MS, opts.log);
    observeGcPauses();
  }

  private accept(socket: Socket): void {
    const conn = new Connection(socket, this.nextConnectionId++, (cmd, id) => this.runCommand(cmd, id), this.opts.log);
    this.connections.add(conn);
    const users = this.opts.users;
    if (users) {
      this.auth.set(conn.id, new ConnectionAuth((db, name) => (db === AUTH_DB ? users.find((u) => u.username === name) : undefined)));
    }
    socket.on("close", () => {
      this.connections.delete(conn);
      this.auth.delete(conn.id);
    });
  }

  /** With authentication on: SASL steps, hello's extras, and the refusal of everything else until authenticated. */
  private authenticate(db: string, body: Document, connectionId: number): Promise<Document> | null {
    if (!this.opts.users) return null;
    const auth = this.auth.get(connectionId);
    const name = Object.keys(body)[0] ?? "";
    try {
      if (!auth) throw unauthorized(name);
      if (name === "saslStart") return Promise.resolve(auth.start(db, body));
      if (name === "saslContinue") return Promise.resolve(auth.continue(body));
      if (name === "hello" || name === "isMaster" || name === "ismaster") return this.helloWithAuth(db, body, connectionId, auth);
      if (auth.authenticatedUser === null && !UNAUTHENTICATED_COMMANDS.has(name)) throw unauthorized(name);
    } catch (err) {
      return Promise.resolve(toErrorReply(err));
    }
    return null;
  }

  /** hello/isMaster plus `saslSupportedMechs` and `speculativeAuthenticate` (the driver's first SCRAM step, saving a round trip). */
  private async helloWithAuth(db: string, body: Document, connectionId: number, auth: ConnectionAuth): Promise<Document> {
    const reply = await dispatchCommand({ store: this.store, cursors: this.cursors, db, body, connectionId, log: this.opts.log });
    if (reply.ok !== 1) return reply;
    const mechsFor: unknown = body.saslSupportedMechs;
    if (typeof mechsFor === "string") {
      const dot = mechsFor.indexOf(".");
      const known = dot > 0 && mechsFor.slice(0, dot) === AUTH_DB && this.opts.users?.some((u) => u.username === mechsFor.slice(dot + 1));
      if (known) reply.saslSupportedMechs = [SCRAM_SHA_256];
    }
    const speculative: unknown = body.speculativeAuthenticate;
    if (typeof speculative === "object" && speculative !== null && (speculative as Document).saslStart !== undefined) {
      const spec = speculative as Document;
      try {
        reply.speculativeAuthenticate = auth.start(typeof spec.db === "string" ? spec.db : db, spec);
      } catch {
        // As mongod: a speculative attempt that cannot start is left out; the driver then runs saslStart.
      }
    }
    return reply;
  }

  private runCommand(cmd: IncomingCommand, connectionId: number): Promise<Document> {
    const dbField: unknown = cmd.body.$db;
    if (cmd.queryDb === undefined && typeof dbField !== "string") {
      return Promise.resolve({ ok: 0, errmsg: "OP_MSG requests require a $db argument", code: 40571, codeName: "Location40571" });
    }
    const db = typeof dbField === "string" ? dbField : (cmd.queryDb ?? "admin");
    const started = performance.now();
    const reply = this.authenticate(db, cmd.body, connectionId) ?? dispatchCommand({ store: this.store, cursors: this.cursors, db, body: cmd.body, connectionId, log: this.opts.log });
    return reply.finally(() => {
      const ms = performance.now() - started;
      recordCommandLatency(Object.keys(cmd.body)[0] ?? "?", ms);
      if (ms >= (this.opts.slowMs ?? DEFAULT_SLOW_MS)) this.opts.log(`slow command: ${describeCommand(db, cmd.body)} ${ms.toFixed(0)} ms`);
    });
  }

  /** Resolves to the TCP port (0 on a Unix socket). */
  async listen(): Promise<number> {
    const socketPath = this.opts.socketPath;
    if (socketPath !== undefined) await removeStaleSocket(socketPath);
    return new Promise<number>((resolve, reject) => {
      this.server.once("error", reject);
      const onListening = () => {
        if (socketPath !== undefined) {
          // The engine runs with umask 077, so the socket was never connectable by others; make sure.
          chmodSync(socketPath, 0o600);
          resolve(0);
          return;
        }
        const address = this.server.address();
        resolve(typeof address === "object" && address ? address.port : this.opts.port);
      };
      if (socketPath !== undefined) this.server.listen({ path: socketPath, readableAll: false, writableAll: false }, onListening);
      else this.server.listen(this.opts.port, this.opts.host, onListening);
    }).then((port) => {
      this.ttl.start();
      return port;
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
      for (const conn of this.connections) conn.close();
    });
    await this.ttl.stop();
    this.cursors.close();
    await this.store.close();
  }
}

/**
 * A socket file left by an engine that was killed (nothing accepts on it) is removed; one that a
 * live process still serves, or anything that is not a socket, is left alone and listen fails.
 */
async function removeStaleSocket(socketPath: string): Promise<void> {
  try {
    if (!lstatSync(socketPath).isSocket()) return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  const live = await new Promise<boolean>((resolve) => {
    const probe = connect(socketPath);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => {
      resolve(false);
    });
  });
  if (live) throw new Error(`socket ${socketPath} is in use by another process`);
  unlinkSync(socketPath);
}
