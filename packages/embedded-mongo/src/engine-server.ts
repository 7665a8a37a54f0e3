import { createServer, type Server, type Socket } from "node:net";
import { type Document } from "bson";
import { CursorRegistry } from "./commands/cursor-registry.js";
import { dispatchCommand } from "./commands/dispatcher.js";
import { Store } from "./storage/store.js";
import { Connection } from "./wire/connection.js";
import { type IncomingCommand } from "./wire/messages.js";

export interface EngineServerOptions {
  dbPath: string;
  port: number;
  host: string;
  compactEveryOps?: number;
  /** Commands that take longer than this are logged, as mongod's slowms does (default 100). */
  slowMs?: number;
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
  private nextConnectionId = 1;

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
  }

  private accept(socket: Socket): void {
    const conn = new Connection(socket, this.nextConnectionId++, (cmd, id) => this.runCommand(cmd, id), this.opts.log);
    this.connections.add(conn);
    socket.on("close", () => this.connections.delete(conn));
  }

  private runCommand(cmd: IncomingCommand, connectionId: number): Promise<Document> {
    const dbField: unknown = cmd.body.$db;
    if (cmd.queryDb === undefined && typeof dbField !== "string") {
      return Promise.resolve({ ok: 0, errmsg: "OP_MSG requests require a $db argument", code: 40571, codeName: "Location40571" });
    }
    const db = typeof dbField === "string" ? dbField : (cmd.queryDb ?? "admin");
    const started = performance.now();
    const reply = dispatchCommand({ store: this.store, cursors: this.cursors, db, body: cmd.body, connectionId, log: this.opts.log });
    return reply.finally(() => {
      const ms = performance.now() - started;
      if (ms >= (this.opts.slowMs ?? DEFAULT_SLOW_MS)) this.opts.log(`slow command: ${describeCommand(db, cmd.body)} ${ms.toFixed(0)} ms`);
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        const address = this.server.address();
        resolve(typeof address === "object" && address ? address.port : this.opts.port);
      });
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
      for (const conn of this.connections) conn.close();
    });
    this.cursors.close();
    await this.store.close();
  }
}
