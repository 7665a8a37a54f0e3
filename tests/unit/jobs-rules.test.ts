import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { coursePercent, nextProgress } from "@/server/services/progress/rules";
import { summarize } from "@/server/services/progress/course-progress";
import { describeMissing, missingLessons } from "@/server/jobs/certificate/eligibility";
import { neutralizeFormula, purchasesCsvChunk, type PurchaseRow } from "@/server/jobs/purchases-export/csv";
import { seed001Ack } from "@/server/realtime/handlers/jobs";

describe("lesson progress rules (SPEC F13)", () => {
  it("completes at 90 % of the duration, not before", () => {
    expect(nextProgress(null, { position: 89.9 }, 100)).toEqual({ position: 89.9, completed: false });
    expect(nextProgress(null, { position: 90 }, 100)).toEqual({ position: 90, completed: true });
  });

  it("completes at the end the player reports, and uses the media's real duration when given", () => {
    expect(nextProgress(null, { position: 3, completed: true }, 600)).toMatchObject({ completed: true });
    expect(nextProgress(null, { position: 27, duration: 30 }, 600)).toMatchObject({ completed: true });
    expect(nextProgress(null, { position: 27 }, 600)).toMatchObject({ completed: false });
  });

  it("never goes backwards from complete, while the resume point follows the learner", () => {
    const done = nextProgress(null, { position: 100 }, 100);
    expect(nextProgress(done, { position: 5 }, 100)).toEqual({ position: 5, completed: true });
    expect(nextProgress(done, { position: 0, completed: false }, 100)).toEqual({ position: 0, completed: true });
  });

  it("clamps the position to the video", () => {
    expect(nextProgress(null, { position: 5000 }, 100)).toEqual({ position: 100, completed: true });
    expect(nextProgress(null, { position: 12.345 }, 0)).toEqual({ position: 12.3, completed: false });
  });

  it("course percentage and the lesson Resume opens", () => {
    expect(coursePercent(0, 0)).toBe(0);
    expect(coursePercent(2, 3)).toBe(66);
    expect(coursePercent(3, 3)).toBe(100);
    const l = (lessonId: string, completed: boolean, position = 0) => ({ lessonId, position, completed, completedAt: null, updatedAt: "" });
    expect(summarize("c", [l("a", true), l("b", false, 42), l("c", false)])).toMatchObject({ percent: 33, next: { lessonId: "b", position: 42 }, completed: false });
    expect(summarize("c", [l("a", true), l("b", true)])).toMatchObject({ percent: 100, next: null, completed: true });
  });
});

describe("certificate eligibility", () => {
  const lessons = [{ id: "1", title: "Why types?" }, { id: "2", title: "Unions" }, { id: "3", title: "Generics" }];
  it("lists the lessons not complete, in course order, and says how many", () => {
    const missing = missingLessons(lessons, new Set(["2"]));
    expect(missing.map((m) => m.id)).toEqual(["1", "3"]);
    expect(describeMissing(missing, 3)).toBe("2 of 3 lessons are not complete yet: Why types?, Generics");
    expect(describeMissing(missingLessons(lessons, new Set(["1", "2"])), 3)).toBe("1 of 3 lesson is not complete yet: Generics");
    expect(missingLessons(lessons, new Set(["1", "2", "3"]))).toEqual([]);
  });
});

function csvOf(rows: PurchaseRow[]): string {
  // As the export writes the file: the header with the first batch, then batch after batch.
  return rows.map((r, i) => purchasesCsvChunk([r], i === 0)).join("");
}

describe("CSV encoding of the purchases export", () => {
  const row = (learner: string, course = "TS"): PurchaseRow => ({ id: "p1", date: "2026-01-01T00:00:00.000Z", learner, email: "a@b.c", course, price: "49.00", currency: "USD" });

  it("quotes commas, quotes and newlines so a parser reads the same fields back", () => {
    const text = csvOf([row('Lee, "Jr."\nthe second', "A, B")]);
    const parsed: string[][] = parse(text);
    expect(parsed[0]).toEqual(["id", "date", "learner", "email", "course", "price", "currency"]);
    expect(parsed[1]).toEqual(["p1", "2026-01-01T00:00:00.000Z", 'Lee, "Jr."\nthe second', "a@b.c", "A, B", "49.00", "USD"]);
  });

  it("an export without purchases is the header alone", () => {
    expect(purchasesCsvChunk([], true)).toBe("id,date,learner,email,course,price,currency\n");
  });

  it("writes the header once, with the first batch", () => {
    const parsed: string[][] = parse(csvOf([row("Ada"), row("Bo"), row("Cy")]));
    expect(parsed.map((r) => r[2])).toEqual(["learner", "Ada", "Bo", "Cy"]);
  });

  it("neutralises formulas: a cell starting with =, +, -, @, tab or CR becomes text", () => {
    for (const bad of ["=1+2", "+1", "-2", "@SUM(A1)", "\tx", "\rx"]) expect(neutralizeFormula(bad)).toBe(`'${bad}`);
    for (const ok of ["Ada", "1-2", "a=b", ""]) expect(neutralizeFormula(ok)).toBe(ok);
    const parsed: string[][] = parse(csvOf([row(`=HYPERLINK("http://evil","x")`)]));
    expect(parsed[1]?.[2]).toBe(`'=HYPERLINK("http://evil","x")`);
  });
});

describe("register ack (seed 001 + our convention)", () => {
  it("success carries status and jobId beside ok and data; a refusal carries status and message beside ok and error", () => {
    const data = { jobId: "j1", kind: null, state: "registered" as const, progress: 0, stage: "", result: null };
    expect(seed001Ack({ ok: true, data }, "j1")).toEqual({ ok: true, data, status: "success", jobId: "j1" });
    const error = { code: "FORBIDDEN" as const, message: "this job id is taken; choose another" };
    expect(seed001Ack({ ok: false, error }, "j1")).toEqual({ ok: false, error, status: "error", message: error.message, jobId: "j1" });
    expect(seed001Ack({ ok: false, error }, { $gt: "" })).toEqual({ ok: false, error, status: "error", message: error.message });
  });
});

describe("the page's view of a job (lib/client/jobView.ts)", () => {
  it("merges acks, progress and results; ignores other jobs and late progress; forgets an id never started", async () => {
    const { idleJob, reduceJob } = await import("@/lib/client/jobView");
    let v = reduceJob(idleJob, { type: "started", jobId: "a" });
    v = reduceJob(v, { type: "progress", payload: { job_id: "b", progress: 50, stage: "x" } });
    expect(v.status).toBe("starting");
    v = reduceJob(v, { type: "progress", payload: { job_id: "a", progress: 40, stage: "drawing" } });
    expect(v).toMatchObject({ status: "running", progress: 40, stage: "drawing" });
    const result = { job_id: "a", status: 201 as const, data: { url: "/u", filename: "f.pdf", contentType: "application/pdf", size: 1 }, error: null, timestamp: "t" };
    v = reduceJob(v, { type: "result", payload: result });
    expect(v).toMatchObject({ status: "done", progress: 100, result });
    expect(reduceJob(v, { type: "progress", payload: { job_id: "a", progress: 60, stage: "late" } })).toBe(v);
    const failed = reduceJob(reduceJob(idleJob, { type: "started", jobId: "c" }), { type: "result", payload: { ...result, job_id: "c", status: 500, data: null, error: "2 of 5 lessons are not complete yet" } });
    expect(failed).toMatchObject({ status: "failed", error: "2 of 5 lessons are not complete yet" });
    const restored = reduceJob(idleJob, { type: "restored", jobId: "d" });
    expect(reduceJob(restored, { type: "unstarted" })).toEqual(idleJob);
    const starting = reduceJob(idleJob, { type: "started", jobId: "e" });
    expect(reduceJob(starting, { type: "unstarted" })).toBe(starting); // our own start is on its way
  });
});
