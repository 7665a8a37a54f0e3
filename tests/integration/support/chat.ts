import { randomUUID } from "node:crypto";
import type { Ack } from "@/contracts/ack";
import type { MessageDto } from "@/contracts/dto";
import type { CoursesResponse } from "@/contracts/rest";
import { hashPassword } from "@/server/auth/password";
import { User } from "@/models/User";
import { Api, emitAck, loginAs, type ClientSocket } from "./harness";

/** A fresh client-generated message id, as the chat UI makes for optimistic sends. */
export const newClientId = (): string => `c-${randomUUID()}`;

/** Sends a chat message and returns the ack. */
export function send(socket: ClientSocket, target: { recipientId: string } | { conversationId: string }, content: string, clientId = newClientId()): Promise<Ack<MessageDto>> {
  return emitAck<MessageDto>(socket, "message", { ...target, content, clientId });
}

/** Sends and insists on success. */
export async function sendOk(socket: ClientSocket, target: { recipientId: string } | { conversationId: string }, content: string, clientId?: string): Promise<MessageDto> {
  const ack = await send(socket, target, content, clientId);
  if (!ack.ok) throw new Error(`send failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** Buys the first course (every demo course is the demo instructor's). */
export async function buyFirstCourse(learner: Api): Promise<void> {
  const { courses } = (await learner.get<CoursesResponse>("/api/courses")).body;
  const first = courses[0];
  if (!first) throw new Error("no demo course");
  const res = await learner.post(`/api/courses/${first.id}/purchase`);
  if (res.status !== 200 && res.status !== 201) throw new Error(`purchase failed: ${res.status}`);
}

/** A second admin account (the server runs in this process, so the model writes to its store). */
export async function secondAdmin(base: string): Promise<Awaited<ReturnType<typeof loginAs>>> {
  const email = "admin2@demo.test";
  if (!(await User.exists({ email }))) {
    await User.create({ name: "Abe Admin", email, role: "admin", passwordHash: await hashPassword("demo-password") });
  }
  return loginAs(base, email);
}

/** A new learner who owns nothing (the demo learner2 already owns a course). */
export async function freshLearner(base: string, name = "Nora Newcomer"): Promise<Awaited<ReturnType<typeof loginAs>>> {
  const email = `new-${randomUUID()}@example.test`;
  const res = await new Api(base).post("/api/auth/register", { name, email, password: "long-enough-pw" });
  if (res.status !== 201) throw new Error(`register failed: ${res.status}`);
  return loginAs(base, email, "long-enough-pw");
}
