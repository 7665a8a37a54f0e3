import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, toErrorBody } from "@/server/errors";
import { MAX_BODY_BYTES, readJson } from "@/server/http/body";
import { errorResponse } from "@/server/http/route";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/x", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

async function failureOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return toErrorBody(e).body;
  }
  throw new Error("expected a failure");
}

describe("error mapping", () => {
  it("AppError -> its code, message and HTTP status (with Retry-After when given)", async () => {
    const res = errorResponse(new AppError("RATE_LIMITED", "slow down", { retryAfterSec: 42 }));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("42");
    expect(await res.json()).toEqual({ error: { code: "RATE_LIMITED", message: "slow down" } });
    expect(errorResponse(new AppError("TOKEN_EXPIRED", "expired")).status).toBe(401);
    expect(errorResponse(new AppError("NOT_FOUND", "nope")).status).toBe(404);
  });

  it("zod and mongoose cast errors -> 400; anything else -> 500 without details", async () => {
    const zodError = z.string().safeParse(1).error;
    expect(toErrorBody(zodError).body.code).toBe("BAD_REQUEST");
    const cast = Object.assign(new Error("Cast to ObjectId failed"), { name: "CastError" });
    expect(toErrorBody(cast).body.code).toBe("BAD_REQUEST");
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = errorResponse(new Error("connection string mongodb://user:secret@host"));
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("INTERNAL");
    expect(body.error.message).not.toContain("secret");
    spy.mockRestore();
  });
});

describe("readJson", () => {
  it("parses JSON bodies", async () => {
    expect(await readJson(post('{"a":1}'))).toEqual({ a: 1 });
  });

  it("malformed or empty JSON -> 400", async () => {
    expect(await failureOf(readJson(post("{bad")))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failureOf(readJson(post("")))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failureOf(readJson(post(null)))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("another content type -> 415, before the body is read", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "text/json", ""]) {
      expect(await failureOf(readJson(post('{"a":1}', { "content-type": type })))).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    }
    expect(await readJson(post('{"a":1}', { "content-type": "Application/JSON; charset=UTF-8" }))).toEqual({ a: 1 });
  });

  it("oversized bodies -> 413, whether declared or streamed", async () => {
    const big = "x".repeat(MAX_BODY_BYTES + 1);
    expect(await failureOf(readJson(post(JSON.stringify(big))))).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    const lying = post("{}", { "content-length": String(10 * MAX_BODY_BYTES) });
    expect(await failureOf(readJson(lying))).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });
});
