import { describe, expect, it } from "vitest";
import {
  announcementPayload,
  getUsersStatusPayload,
  loginBody,
  messagePayload,
  notificationsQuery,
  registerBody,
} from "@/contracts/schemas";
import { courseRef } from "@/server/services/courses/get-course";
import { parseInput } from "@/server/validation";
import { isAppError } from "@/server/errors";

const operatorInjections = [{ $gt: "" }, { $ne: null }, { $regex: ".*" }, ["a"], 1, null, true];

describe("schemas refuse hostile input", () => {
  it("login: operators where strings belong never pass", () => {
    for (const evil of operatorInjections) {
      expect(loginBody.safeParse({ email: evil, password: "x" }).success).toBe(false);
      expect(loginBody.safeParse({ email: "a@b.co", password: evil }).success).toBe(false);
    }
    expect(loginBody.parse({ email: "  Ada@Demo.TEST ", password: "p" }).email).toBe("ada@demo.test");
  });

  it("register: no role from the client, no extra keys, sane lengths", () => {
    const ok = { name: "Lena", email: "LENA@x.test", password: "long-enough" };
    expect(registerBody.parse(ok).email).toBe("lena@x.test");
    expect(registerBody.safeParse({ ...ok, role: "admin" }).success).toBe(false);
    expect(registerBody.safeParse({ ...ok, password: "short" }).success).toBe(false);
    expect(registerBody.safeParse({ ...ok, name: "   " }).success).toBe(false);
    expect(registerBody.safeParse({ ...ok, email: "not-an-email" }).success).toBe(false);
    expect(registerBody.safeParse({ ...ok, password: "x".repeat(201) }).success).toBe(false);
    const polluted: unknown = JSON.parse(
      '{"name":"L","email":"l@x.test","password":"long-enough","__proto__":{"role":"admin"}}',
    );
    expect(registerBody.safeParse(polluted).success).toBe(false);
  });

  it("announcements: strings only, bounded, ids are 24-hex", () => {
    expect(announcementPayload.safeParse({ title: "Hi", message: "All" }).success).toBe(true);
    expect(announcementPayload.safeParse({ title: { $gt: "" }, message: "x" }).success).toBe(false);
    expect(announcementPayload.safeParse({ title: "x", message: "x".repeat(1001) }).success).toBe(false);
    expect(announcementPayload.safeParse({ title: "x", message: "y", userId: { $ne: null } }).success).toBe(false);
    expect(announcementPayload.safeParse({ title: "x", message: "y", userId: "zzz" }).success).toBe(false);
    expect(announcementPayload.safeParse("just a string").success).toBe(false);
  });

  it("message: exactly one target and a bounded client id", () => {
    const base = { content: "hi", clientId: "client-123" };
    expect(messagePayload.safeParse({ ...base, recipientId: "65f1c0ffee0000000000abcd" }).success).toBe(true);
    expect(messagePayload.safeParse(base).success).toBe(false);
    expect(
      messagePayload.safeParse({ ...base, clientId: "../../etc", recipientId: "65f1c0ffee0000000000abcd" }).success,
    ).toBe(false);
  });

  it("notifications query: only known keys, ISO dates, bounded limit", () => {
    expect(notificationsQuery.parse({})).toEqual({ scope: "mine", limit: 50 });
    expect(notificationsQuery.parse({ limit: "5" }).limit).toBe(5);
    expect(notificationsQuery.safeParse({ limit: "1000" }).success).toBe(false);
    expect(notificationsQuery.safeParse({ since: "yesterday" }).success).toBe(false);
    expect(notificationsQuery.safeParse({ recipient: "x" }).success).toBe(false);
    expect(getUsersStatusPayload.safeParse(new Array(201).fill("65f1c0ffee0000000000abcd")).success).toBe(false);
  });

  it("course refs: id or slug, nothing else", () => {
    expect(courseRef.safeParse("65f1c0ffee0000000000abcd").success).toBe(true);
    expect(courseRef.safeParse("typescript-from-zero").success).toBe(true);
    for (const evil of ["$where", "a b", "x".repeat(101), "", { $gt: "" }]) {
      expect(courseRef.safeParse(evil).success).toBe(false);
    }
  });

  it("parseInput turns failures into a readable 400", () => {
    try {
      parseInput(registerBody, { name: "", email: "x", password: 1 });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe("BAD_REQUEST");
      expect((e as Error).message).toMatch(/name: .*; email: .*; password: /);
    }
  });
});
