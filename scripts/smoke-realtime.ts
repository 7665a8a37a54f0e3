/**
 * Manual check against a running server (default http://localhost:3000, or BASE_URL): signs in as the
 * demo admin and instructor over Socket.IO, buys a course as learner1 over REST, and prints what
 * each socket heard. `BASE_URL=http://localhost:3100 npx tsx scripts/smoke-realtime.ts`
 */
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/contracts/socket";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const base = process.env.BASE_URL ?? "http://localhost:3000";

async function login(email: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "demo-password" }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const [admin, instructor, learner] = await Promise.all(
  ["admin@demo.test", "instructor@demo.test", "learner1@demo.test"].map(login),
);
const heard: string[] = [];
const sockets: ClientSocket[] = [
  io(base, { auth: { token: admin }, transports: ["websocket"] }),
  io(`${base}/admin`, { auth: { token: admin }, transports: ["websocket"] }),
  io(base, { auth: { token: instructor }, transports: ["websocket"] }),
];
const [adminMain, adminDash, instr] = sockets as [ClientSocket, ClientSocket, ClientSocket];
adminMain.on("newNotification", (n) => {
  heard.push(`admin newNotification: ${n.message}`);
});
adminDash.on("purchaseCreated", (p) => {
  heard.push(`admin /admin purchaseCreated: ${p.courseTitle} by ${p.learner.name}`);
});
instr.on("newNotification", (n) => {
  heard.push(`instructor newNotification: ${n.message}`);
});
await Promise.all(
  sockets.map((s) => new Promise<void>((resolve, reject) => s.once("connect", () => { resolve(); }).once("connect_error", reject))),
);

const courses = ((await (await fetch(`${base}/api/courses`)).json()) as { courses: { id: string; title: string }[] }).courses;
const course = courses[Math.floor(Math.random() * courses.length)];
if (!course) throw new Error("no courses");
const res = await fetch(`${base}/api/courses/${course.id}/purchase`, {
  method: "POST",
  headers: { authorization: `Bearer ${learner}` },
});
console.log(`purchase "${course.title}": ${res.status}`, await res.text());
await new Promise((r) => setTimeout(r, 1000));
console.log(heard.length ? heard.join("\n") : "(nothing heard)");
for (const s of sockets) s.close();
