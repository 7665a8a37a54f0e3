/**
 * One server node as a real child process (tests/integration/support/cluster.ts starts it): reads its
 * options from LL_NODE (JSON), starts the server, tells the parent its URL over IPC, and closes on a
 * "stop" message. A `kill -9` from the test is a real node death.
 */
import { startServer, type StartOptions } from "../../../server";

const opts = JSON.parse(process.env.LL_NODE ?? "{}") as Omit<StartOptions, "dev">;
const server = await startServer({ ...opts, dev: false }).catch((e: unknown) => {
  console.error("[node] failed to start:", e);
  process.exit(1);
});
process.send?.({ type: "ready", url: server.url, port: server.port });
process.on("message", (msg: unknown) => {
  if (msg !== "stop") return;
  void server.close().then(() => process.exit(0), () => process.exit(1));
});
process.on("disconnect", () => { void server.close().finally(() => process.exit(0)); });
