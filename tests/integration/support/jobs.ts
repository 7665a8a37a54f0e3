import { readdirSync, readFileSync } from "node:fs";
import { io } from "socket.io-client";
import { z } from "zod";
import type { CourseProgressDto } from "@/contracts/progress";
import type { JobProgressPayload, JobResultPayload, RegisterAck } from "@/contracts/jobs";
import type { CourseResponse, MyCoursesResponse } from "@/contracts/rest";
import { saveBuffer } from "@/server/jobs/files";
import { defineJob, type JobDefinition, type JobOutcome } from "@/server/jobs/types";
import type { Api, ClientSocket } from "./harness";

/**
 * A client written from seed 001 (connect, wait for `connection_ack`, `register` with an ack, then
 * start over REST, results pushed), with only the result event's name changed to `jobResult`.
 */
/** A seed-001 client per token, each connected and acknowledged (`connection_ack`). */
export async function seed001Clients<T extends readonly (string | null | undefined)[]>(base: string, ...tokens: T): Promise<{ [K in keyof T]: Seed001Client }> {
  const clients = tokens.map((token) => new Seed001Client(base, token ?? ""));
  await Promise.all(clients.map((c) => c.ready));
  return clients as { [K in keyof T]: Seed001Client };
}

export class Seed001Client {
  readonly socket: ClientSocket;
  readonly acks: { status: string; socketId: string }[] = [];
  readonly progress: JobProgressPayload[] = [];
  readonly results: JobResultPayload[] = [];
  readonly ready: Promise<void>;

  constructor(base: string, token: string) {
    this.socket = io(base, { transports: ["websocket"], reconnection: false, forceNew: true, auth: { token } });
    this.socket.on("jobProgress", (p) => this.progress.push(p));
    this.socket.on("jobResult", (r) => this.results.push(r));
    this.ready = new Promise((resolve, reject) => {
      this.socket.on("connection_ack", (ack) => {
        this.acks.push(ack);
        resolve();
      });
      this.socket.on("connect_error", reject);
    });
  }

  register(jobId: string): Promise<RegisterAck> {
    return new Promise((resolve) => {
      this.socket.emit("register", jobId, resolve);
    });
  }

  /** Resolves with the job's result, pushed now or already received. */
  async result(jobId: string, ms = 20_000): Promise<JobResultPayload> {
    const started = Date.now();
    for (;;) {
      const r = this.results.find((x) => x.job_id === jobId);
      if (r) return r;
      if (Date.now() - started > ms) throw new Error(`no jobResult for ${jobId} within ${ms} ms`);
      await new Promise((res) => setTimeout(res, 25));
    }
  }

  close(): void {
    this.socket.close();
  }
}

let seq = 0;
export const newJobId = () => `job_${Date.now()}_${++seq}_${Math.random().toString(36).slice(2, 8)}`;

/** The course a learner owns (the demo learner2 owns one) and its lessons. */
export async function ownedCourse(api: Api): Promise<CourseResponse["course"]> {
  const mine = await api.get<MyCoursesResponse>("/api/me/courses");
  const course = mine.body.courses[0];
  if (!course) throw new Error("this learner owns no course");
  return course;
}

/** Watches every lesson to the end (as the player reports it), except the last `skip`. */
export async function completeLessons(api: Api, course: CourseResponse["course"], skip = 0): Promise<CourseProgressDto> {
  for (const lesson of course.lessons.slice(0, course.lessons.length - skip)) {
    const res = await api.put(`/api/lessons/${lesson.id}/progress`, { position: 30, duration: 30, completed: true });
    if (res.status !== 200) throw new Error(`progress: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return (await api.get<CourseProgressDto>(`/api/courses/${course.id}/progress`)).body;
}

/** What the test kinds make: a small text file in GridFS, as a real job's outcome. */
export async function textFileOutcome(filename: string, text: string): Promise<JobOutcome> {
  const file = await saveBuffer(filename, "text/plain", Buffer.from(text));
  return { fileId: file.id, data: { filename: file.filename, contentType: file.contentType, size: file.size } };
}

export interface SlowJobOptions {
  kind?: string;
  steps?: number;
  stepMs?: number;
  /** Each run's job id is pushed here (a retry shows as a second entry). */
  runs?: string[];
}

/** A test kind that takes `steps` x `stepMs` (progress at each step): long enough to be cut by a stop. */
export function slowJob({ kind = "test-slow", steps = 10, stepMs = 400, runs = [] }: SlowJobOptions = {}): JobDefinition {
  return defineJob({
    kind,
    params: z.strictObject({}),
    concurrency: 1,
    timeoutMs: 30_000,
    authorize: () => undefined,
    async run(_p, ctx) {
      runs.push(ctx.jobId);
      for (let i = 0; i < steps; i++) {
        await ctx.progress((i * 100) / steps, `step ${i + 1} of ${steps}`);
        await new Promise((r) => setTimeout(r, stepMs));
      }
      return textFileOutcome("slow.txt", "done");
    },
  });
}

/**
 * The embedded engine this test process started (a child process), found in /proc, so a test can
 * stall the store (SIGSTOP, then SIGCONT) as a loaded machine does, at the moment it chooses.
 */
export function enginePid(): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("embedded-mongo")) return Number(entry);
    } catch {
      // that process ended while we looked
    }
  }
  throw new Error("this process has no embedded engine child");
}
