import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import type { CoursesResponse } from "@/contracts/rest";
import { useTestServer } from "../support/harness";

const t = useTestServer({ pages: true });

/** A raw GET (fetch would decompress and hide the encoding): status, headers and the bytes as sent. */
function rawGet(path: string, acceptEncoding: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.url}${path}`, { headers: { "accept-encoding": acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }); });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("text compression on the custom server", () => {
  it("gzips pages (Next's compress) and JSON answers of route handlers; identity stays raw", async () => {
    const page = await rawGet("/", "gzip");

    expect(page.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(page.body).toString()).toContain("<html");

    const api = await rawGet("/api/courses", "gzip");
    expect(api.status).toBe(200);
    expect(api.headers["content-encoding"]).toBe("gzip");
    expect(String(api.headers.vary)).toMatch(/Accept-Encoding/i);
    const json = gunzipSync(api.body);
    expect((JSON.parse(json.toString()) as CoursesResponse).courses.length).toBeGreaterThan(0);
    expect(api.body.length).toBeLessThan(json.length / 2);

    const br = await rawGet("/api/courses", "gzip, deflate, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.body).equals(json)).toBe(true);

    const plain = await rawGet("/api/courses", "identity");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.equals(json)).toBe(true);
  });

  it("a compressed login keeps its cookies (session, access and the session hint)", async () => {
    const res = await fetch(`${t.url}/api/auth/login`, {
      method: "POST", headers: { "content-type": "application/json", origin: t.url, "accept-encoding": "gzip" },
      body: JSON.stringify({ email: "learner1@demo.test", password: "demo-password" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().map((c) => c.split("=")[0])).toEqual(["refresh_token", "access_token", "session_hint"]);
  });

  it("errors stay readable, and videos are streamed as they are (ranges intact)", async () => {
    const missing = await rawGet("/api/courses/aaaaaaaaaaaaaaaaaaaaaaaa", "gzip");
    expect(missing.status).toBe(404);
    const body = missing.headers["content-encoding"] === "gzip" ? gunzipSync(missing.body) : missing.body;
    expect(JSON.parse(body.toString())).toMatchObject({ error: { code: "NOT_FOUND" } });
    const media = await rawGet("/api/media/aaaaaaaaaaaaaaaaaaaaaaaa?format=mp4", "gzip");
    expect(media.status).toBe(403);
  });
});
