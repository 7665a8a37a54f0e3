/**
 * A stand-in for the app server (tests/process/process-group.test.ts): starts the engine the way
 * server/db/connect.ts does (Unix socket + auth), writes, and on SIGTERM writes once more *after*
 * the signal before stopping the engine, as the server's shutdown saves its realtime state.
 * Prints one JSON line per event on stdout. Exits by itself once everything is closed (no
 * process.exit), so a child that kept the loop alive would show as a parent that never exits.
 *
 * usage: node --import tsx group-parent.ts DIR
 */
import path from "node:path";
import { MongoClient } from "mongodb";
import { startEmbeddedMongo } from "../../src/index";

const dir = process.argv[2];
if (!dir) throw new Error("usage: group-parent.ts DIR");
const say = (event: Record<string, unknown>) => { process.stdout.write(`${JSON.stringify(event)}\n`); };

const engine = await startEmbeddedMongo({
  dbPath: path.join(dir, "db"),
  socketPath: path.join(dir, "db", "mongod.sock"),
  auth: true,
  credentialsFile: path.join(dir, "db-credentials.json"),
  logger: (line) => { process.stderr.write(`${line}\n`); },
});
const creds = engine.credentials;
const client = new MongoClient(`${engine.uri}pg`, {
  ...(creds ? { auth: { username: creds.username, password: creds.password }, authSource: creds.authSource } : {}),
  serverSelectionTimeoutMS: 3000, connectTimeoutMS: 3000, retryWrites: false, retryReads: false,
});
const docs = client.db().collection<{ _id: string; at: Date }>("docs");
await docs.insertOne({ _id: "before-signal", at: new Date() });

process.once("SIGTERM", () => {
  void (async () => {
    say({ event: "sigterm" });
    // Long enough for an engine that took the same signal to have shut down.
    await new Promise((resolve) => setTimeout(resolve, 500));
    try {
      await docs.insertOne({ _id: "after-signal", at: new Date() });
      say({ event: "wrote-after-signal" });
    } catch (e) {
      say({ event: "write-after-signal-failed", error: e instanceof Error ? e.message : String(e) });
      process.exitCode = 1;
    }
    await client.close();
    await engine.stop();
    say({ event: "stopped" });
  })();
});
say({ event: "ready", pid: process.pid, enginePid: engine.pid });
