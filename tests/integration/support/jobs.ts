import { io } from "socket.io-client";
import type { CourseProgressDto } from "@/contracts/progress";
import type { JobProgressPayload, JobResultPayload, RegisterAck } from "@/contracts/jobs";
import type { CourseResponse, MyCoursesResponse } from "@/contracts/rest";
import type { Api, ClientSocket } from "./harness";

/**
 * A client written from seed 001 (connect, wait for `connection_ack`, `register` with an ack, then
 * start over REST, results pushed), with only the result event's name changed to `jobResult`.
 */
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
