import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AuthResponse, MessageDto } from "@/contracts/dto";
import { DEMO, emitAck, nextEvent, type ClientSocket } from "../support/harness";
import { newClientId } from "../support/chat";
import { startNode, startSharedStore, type ChildNode } from "../support/cluster";
import { freePort, redisMissing, startRedis, type TestRedis } from "../support/redis";

/**
 * deploy/nginx.conf as shipped (only addresses, ports and the certificate swapped for local ones) in
 * front of two real nodes: pages, REST and WebSocket upgrades pass through it, and two users whom the
 * balancer placed independently chat across it.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const has = (cmd: string, args: string[]) => { try { execFileSync(cmd, args, { stdio: "ignore" }); return true; } catch { return false; } };
const NGINX = has("nginx", ["-v"]) ? "nginx" : has("/usr/sbin/nginx", ["-v"]) ? "/usr/sbin/nginx" : null;
const why = redisMissing() ?? (NGINX ? null : "nginx is not installed (apt-get install nginx-light)") ?? (has("openssl", ["version"]) ? null : "openssl is not installed");
const missing = process.env.CI === "true" ? null : why;
if (missing) console.warn(`[cluster-nginx.test] skipped: ${missing}`);

describe.skipIf(missing !== null)("two nodes behind deploy/nginx.conf", () => {
  let redis: TestRedis | null = null;
  let store: Awaited<ReturnType<typeof startSharedStore>> | null = null;
  const nodes: ChildNode[] = [];
  let nginx: ChildProcess | null = null;
  let dir = "";
  let base = "";
  let out = "";
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    store = await startSharedStore();
    if (!redis) throw new Error("no redis");
    const opts = { dataDir: store.dataDir, sharedDb: store.shared, redisUrl: redis.url, trustProxy: 1, pages: true };
    nodes.push(await startNode(opts));
    nodes.push(await startNode(opts));
    dir = await mkdtemp(path.join(tmpdir(), "ll-nginx-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
      "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { stdio: "ignore" });
    const [http, https] = [await freePort(), await freePort()];
    const shipped = await readFile(path.join(ROOT, "deploy/nginx.conf"), "utf8");
    const conf = shipped
      .replace(/^\s*server 10\.0\.0\.11:3000/m, `    server 127.0.0.1:${String(nodes[0]?.port)}`)
      .replace(/^\s*server 10\.0\.0\.12:3000/m, `    server 127.0.0.1:${String(nodes[1]?.port)}`)
      .replace("listen 80;", `listen 127.0.0.1:${String(http)};`)
      .replace("listen 443 ssl;", `listen 127.0.0.1:${String(https)} ssl;`)
      .replaceAll("learnlive.example.org", "localhost")
      .replace("/etc/ssl/certs/learnlive.pem", path.join(dir, "cert.pem"))
      .replace("/etc/ssl/private/learnlive.key", path.join(dir, "key.pem"));
    expect(conf).not.toContain("10.0.0.1"); // every upstream was swapped
    await writeFile(path.join(dir, "nginx.conf"), conf);
    const globals = `daemon off; pid ${path.join(dir, "nginx.pid")}; error_log stderr;${process.getuid?.() === 0 ? " user root;" : ""}`;
    const child = spawn(NGINX ?? "nginx", ["-p", dir, "-e", "stderr", "-c", path.join(dir, "nginx.conf"), "-g", globals], { stdio: ["ignore", "pipe", "pipe"] });
    nginx = child;
    child.stderr.on("data", (c: Buffer) => { out += c.toString(); });
    base = `https://localhost:${String(https)}`;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"; // the self-signed certificate of this test
    for (let i = 0; i < 50; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        // nginx still starting
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    nginx?.kill("SIGTERM");
    await Promise.allSettled(nodes.map((n) => n.stop()));
    await store?.stop();
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  }, 60_000);

  it("serves pages and REST, upgrades WebSockets to either node, and carries a chat across them", async () => {
    const page = await fetch(`${base}/login`);
    expect(page.status, out).toBe(200);
    const login = async (email: string) => {
      const res = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ email, password: "demo-password" }) });
      expect(res.status, out).toBe(200);
      return (await res.json()) as AuthResponse;
    };
    const [learner, instructor] = [await login(DEMO.learner2), await login(DEMO.instructor)];
    const open = (token: string) => new Promise<ClientSocket>((resolve, reject) => {
      const s: ClientSocket = io(base, { transports: ["websocket"], forceNew: true, reconnection: false, auth: { token }, rejectUnauthorized: false });
      sockets.push(s);
      s.once("connect", () => { resolve(s); });
      s.once("connect_error", reject);
    });
    const [a, b] = [await open(learner.accessToken), await open(instructor.accessToken)];
    const arrives = nextEvent(b, "newMessage", 10_000);
    const ack = await emitAck<MessageDto>(a, "message", { recipientId: instructor.user.id, content: "through nginx", clientId: newClientId() });
    expect(ack.ok).toBe(true);
    expect((await arrives).content).toBe("through nginx");
    // Both nodes serve requests (least_conn spreads them). The two WebSockets are closed first: least_conn
    // counts them, so with both on one node (the other left out while it was slow to start) every request
    // went to the other node and this check could never see the first. A node that was slow to answer while
    // the machine was busy starting is left out by nginx for `fail_timeout` (5 s, deploy/nginx.conf): ask
    // until both answered.
    for (const s of [a, b]) s.close();
    const nodesSeen = new Set<string>();
    await vi.waitFor(async () => {
      const node = ((await (await fetch(`${base}/api/health`)).json()) as { cluster?: { node: string } }).cluster?.node;
      expect(node).toBeTruthy();
      nodesSeen.add(node ?? "");
      expect(nodesSeen.size).toBe(2);
    }, { timeout: 15_000, interval: 100 });
  });
});
