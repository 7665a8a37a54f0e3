import { randomUUID } from "node:crypto";
import mongoose, { Types } from "mongoose";
import type { MessageDto } from "@/contracts/dto";
import { Course } from "@/models/Course";
import { Purchase } from "@/models/Purchase";
import { User } from "@/models/User";
import { hashPassword } from "@/server/auth/password";
import { signAccessToken } from "@/server/auth/tokens";
import { broadcasterOf } from "@/server/realtime/broadcaster";
import { messageStages } from "@/server/metrics/message-stages";
import { nativeStats } from "@/server/realtime/gateway/native-stats";
import type { SendMessage } from "@/server/services/chat/send-message";
import { audienceOf, type ConversationRef } from "@/server/services/chat/rules";
import { serve } from "../lib/ipc";
import type { EngineLatencySample, StageSample } from "../lib/stages";
import { benchHandlers } from "./handlers";
import { startServer } from "../../../server";

/**
 * Variant D: our server, production build, embedded store, real auth and handlers. BENCH_DATA_DIR
 * keeps the store between runs; BENCH_NO_STORE=1 swaps the chat service for an in-memory one (the
 * "chat without the store" scenario only: handler, validation, rate limit and emit path unchanged);
 * BENCH_NO_METRICS=1 turns the metrics off (broadcast and chat compare D with it).
 */

/** The chat service without persistence: same checks on membership, same DTO, same events. */
function inMemorySendMessage(): SendMessage {
  const byPair = new Map<string, ConversationRef>();
  const byId = new Map<string, ConversationRef>();
  const sent = new Map<string, MessageDto>();
  return (payload, actor) => {
    const retried = sent.get(`${actor.userId}:${payload.clientId}`);
    if (retried) return Promise.resolve({ result: retried, events: [] });
    let conv = payload.conversationId ? byId.get(payload.conversationId) : undefined;
    if (!payload.conversationId) {
      const other = payload.recipientId ?? "";
      const key = [actor.userId, other].sort().join(":");
      conv = byPair.get(key);
      if (!conv) {
        conv = { id: new Types.ObjectId().toString(), kind: "direct", participants: [actor.userId, other] };
        byPair.set(key, conv);
        byId.set(conv.id, conv);
      }
    }
    if (!conv?.participants.includes(actor.userId)) return Promise.reject(new Error("not a member"));
    const message: MessageDto = {
      id: new Types.ObjectId().toString(), conversationId: conv.id, senderId: actor.userId,
      clientId: payload.clientId ?? new Types.ObjectId().toString(), content: payload.content, status: "sent", createdAt: new Date().toISOString(),
    };
    sent.set(`${actor.userId}:${payload.clientId}`, message);
    return Promise.resolve({ result: message, events: [{ to: audienceOf(conv), event: "newMessage", payload: message }] });
  };
}

export interface BenchPair { learnerId: string; learnerToken: string; instructorId: string; instructorToken: string }

const TOKEN_TTL_SEC = 6 * 3600;
const secret = process.env.JWT_ACCESS_SECRET ?? "";

/** `pairs` learners, each having bought the one course of its own instructor (so the two may chat). */
async function preparePairs(pairs: number): Promise<BenchPair[]> {
  const have = await User.countDocuments({ email: /^bench-l-/ });
  if (have < pairs) {
    const passwordHash = await hashPassword(randomUUID());
    const from = have;
    const batch = 500;
    for (let start = from; start < pairs; start += batch) {
      const idx = Array.from({ length: Math.min(batch, pairs - start) }, (_, k) => start + k);
      const learners = await User.insertMany(idx.map((i) => ({ name: `Bench Learner ${i}`, email: `bench-l-${i}@bench.test`, passwordHash, role: "learner" })));
      const instructors = await User.insertMany(idx.map((i) => ({ name: `Bench Instructor ${i}`, email: `bench-i-${i}@bench.test`, passwordHash, role: "instructor" })));
      const courses = await Course.insertMany(idx.map((i, k) => ({
        slug: `bench-course-${i}`, title: `Bench course ${i}`, summary: "bench", description: "bench",
        priceCents: 1000, currency: "USD", level: "beginner", instructor: instructors[k]?._id,
        lessons: [{ title: "One", videoUrl: "/media/sample.mp4", durationSec: 10, position: 0 }],
      })));
      await Purchase.insertMany(idx.map((_, k) => ({ learner: learners[k]?._id, course: courses[k]?._id, priceCents: 1000, currency: "USD" })));
    }
  }
  const [learners, instructors] = await Promise.all([
    User.find({ email: /^bench-l-/ }, { name: 1, email: 1 }).lean(),
    User.find({ email: /^bench-i-/ }, { name: 1, email: 1 }).lean(),
  ]);
  const instructorByIndex = new Map(instructors.map((u) => [u.email.slice("bench-i-".length), u]));
  const token = (u: { _id: Types.ObjectId; name: string }, role: "learner" | "instructor") =>
    signAccessToken({ id: u._id.toString(), role, name: u.name }, secret, TOKEN_TTL_SEC);
  return learners
    .map((l) => ({ l, i: instructorByIndex.get(l.email.slice("bench-l-".length)), n: Number(/\d+/.exec(l.email)?.[0]) }))
    .sort((a, b) => a.n - b.n)
    .slice(0, pairs)
    .map(({ l, i }) => {
      if (!i) throw new Error(`no instructor for ${l.email}`);
      return { learnerId: l._id.toString(), learnerToken: token(l, "learner"), instructorId: i._id.toString(), instructorToken: token(i, "instructor") };
    });
}

/** The free preview (first) lessons of the demo courses: anyone signed in may watch them. */
async function previewVideos(): Promise<string[]> {
  const courses = await Course.find({ slug: { $not: /^bench-/ } }, { lessons: 1 }).lean();
  return courses.flatMap((c) => (c.lessons[0] ? [c.lessons[0]._id.toString()] : []));
}

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error("BENCH_DATA_DIR is required");
const server = await startServer({
  port: 0,
  dev: false,
  dataDir,
  mongodbUri: "",
  hostname: "127.0.0.1",
  // An experiment, not a variant: BENCH_PAGES=0 runs the API and the sockets without Next in the process.
  ...(process.env.BENCH_PAGES === "0" ? { pages: false } : {}),
  // Every simulated user connects from 127.0.0.1: the per-IP caps would measure the limit, not the server.
  limits: { connectionsPerIp: 0, eventRatePerIp: 0 },
  realtime: {
    ...(process.env.BENCH_NO_STORE === "1" ? { services: { sendMessage: inMemorySendMessage() } } : {}),
    // The metrics-off variant: what the instrumentation (F10) costs is D against it.
    ...(process.env.BENCH_NO_METRICS === "1" ? { metrics: false } : {}),
  },
});
process.once("SIGTERM", () => { void server.close().then(() => process.exit(0)); });

serve(benchHandlers({
  // BENCH_TRANSPORT=ws: the load speaks the native gateway (variant "D over /ws").
  url: process.env.BENCH_TRANSPORT === "ws" ? `ws://127.0.0.1:${server.port}/ws` : `ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`,
  connections: () => server.io.engine.clientsCount + nativeStats().open,
  // The path our viewer counts take (realtime-state.ts): sliced, encoded once per slice, not stored.
  broadcast: (videoId, seq) => {
    broadcasterOf(server.io).emit([{ to: { video: videoId }, delivery: "snapshot", event: "viewerCount", payload: { videoId, count: seq } }]);
  },
  extra: {
    preparePairs: (args: { pairs: number }) => preparePairs(args.pairs),
    previewVideos: () => previewVideos(),
    /** Chat-message stages so far, and the engine's command and stage latencies (serverStatus metrics.latency). */
    stages: async (): Promise<StageSample> => {
      const status = await mongoose.connection.db?.admin().serverStatus();
      const engine = (status?.metrics as { latency?: EngineLatencySample } | undefined)?.latency ?? null;
      return { server: messageStages.snapshot(), engine };
    },
    /** The store's command counts so far (serverStatus metrics.commands), to diff around a phase. */
    dbCommands: async () => {
      const status = await mongoose.connection.db?.admin().serverStatus();
      const commands = (status?.metrics as { commands?: Record<string, { total: unknown }> } | undefined)?.commands ?? {};
      return Object.fromEntries(Object.entries(commands).map(([name, c]) => [name, Number(c.total)]));
    },
  },
}));
