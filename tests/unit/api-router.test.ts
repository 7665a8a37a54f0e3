import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiRouter, type ApiRouter } from "@/server/http/api-router";

/** Route modules written the way server/api/** writes them, in a folder of their own. */
const ROUTES: Record<string, string> = {
  "items/route.ts": `export function GET() { return Response.json({ list: true }); }
export async function POST(req) { return Response.json({ got: await req.json() }, { status: 201 }); }`,
  "items/[id]/route.ts": `export async function GET(_req, { params }) { return Response.json({ id: (await params).id }); }
export function DELETE() { return new Response(null, { status: 204 }); }`,
  "items/special/route.ts": `export function GET() { return Response.json({ special: true }); }`,
  "items/[id]/parts/[part]/route.ts": `export async function GET(req, { params }) {
  const p = await params;
  return Response.json({ ...p, q: new URL(req.url).searchParams.get("q") });
}`,
  "cookies/route.ts": `export function POST() {
  const h = new Headers({ "content-type": "text/plain" });
  h.append("set-cookie", "a=1; Path=/");
  h.append("set-cookie", "b=2; Path=/");
  return new Response("two cookies", { headers: h });
}`,
};

let dir = "";
let server: Server;
let base = "";
let router: ApiRouter;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ll-router-"));
  for (const [file, code] of Object.entries(ROUTES)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), code);
  }
  router = await createApiRouter(dir, "/api");
  server = createServer((req, res) => {
    if (!router.owns((req.url ?? "/").split("?")[0] ?? "/")) {
      res.writeHead(418).end("not the API");
      return;
    }
    void router.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const call = (p: string, init?: RequestInit) => fetch(base + p, init);

describe("the API router", () => {
  it("serves Web-standard handlers by folder, with parameters, the query and the body", async () => {
    expect(await (await call("/api/items")).json()).toEqual({ list: true });
    const posted = await call("/api/items", { method: "POST", body: JSON.stringify({ a: 1 }), headers: { "content-type": "application/json" } });
    expect(posted.status).toBe(201);
    expect(await posted.json()).toEqual({ got: { a: 1 } });
    expect(await (await call("/api/items/42")).json()).toEqual({ id: "42" });
    expect(await (await call("/api/items/a%20b/parts/x?q=yes")).json()).toEqual({ id: "a b", part: "x", q: "yes" });
    expect((await call("/api/items/42", { method: "DELETE" })).status).toBe(204);
  });

  it("a literal folder wins over a parameter at the same depth", async () => {
    expect(await (await call("/api/items/special")).json()).toEqual({ special: true });
  });

  it("answers unknown paths 404 and unknown methods 405 with Allow, as JSON errors", async () => {
    const missing = await call("/api/nothing/here");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    const wrong = await call("/api/items/42", { method: "PUT" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, DELETE, HEAD, OPTIONS");
    expect((await call("/api")).status).toBe(404);
    expect((await call("/apix")).status).toBe(418);
  });

  it("HEAD is GET without a body; OPTIONS lists the methods", async () => {
    const head = await call("/api/items/7", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toContain("application/json");
    expect(await head.text()).toBe("");
    const options = await call("/api/items", { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
  });

  it("keeps every Set-Cookie header and refuses malformed percent-encoding", async () => {
    const res = await call("/api/cookies", { method: "POST" });
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(await res.text()).toBe("two cookies");
    expect((await call("/api/items/%E0%A4%A")).status).toBe(400);
  });

  it("describes its routes", () => {
    expect(router.describe()).toEqual(
      expect.arrayContaining(["GET /api/items", "POST /api/items", "GET /api/items/:id", "DELETE /api/items/:id", "GET /api/items/special", "GET /api/items/:id/parts/:part"]),
    );
  });
});
