import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BSON, type Document } from "bson";
import { startEchoServer } from "./echo-server";

/**
 * Runs the echo server in its own process, like the engine, so that it does not share the
 * benchmark client's event loop (that would make the baseline slower than the engine).
 */
interface Start { hello: string; body: string }

export interface EchoProcess { port: number; stop(): Promise<void> }

export async function startEchoProcess(hello: Document, findReplyBody: Buffer): Promise<EchoProcess> {
  const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ["--child"], { execArgv: ["--import", loader], stdio: "inherit" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => { resolve(); }));
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (msg) => { resolve(Number((msg as { port: unknown }).port)); });
    child.once("exit", (code) => { reject(new Error(`echo process exited early (${String(code)})`)); });
    const start: Start = { hello: Buffer.from(BSON.serialize(hello)).toString("base64"), body: findReplyBody.toString("base64") };
    child.send(start);
  });
  return {
    port,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

if (process.argv.includes("--child")) {
  process.once("message", (msg) => {
    const { hello, body } = msg as Start;
    void startEchoServer(BSON.deserialize(Buffer.from(hello, "base64")), Buffer.from(body, "base64")).then((server) => {
      process.send?.({ port: server.port });
      process.once("SIGTERM", () => { void server.close().then(() => process.exit(0)); });
      process.once("disconnect", () => { void server.close().then(() => process.exit(0)); });
    });
  });
}
