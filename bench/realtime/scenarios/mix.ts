import type { Child } from "../lib/ipc";
import type { MemorySample, Usage } from "../servers/probe";
import type { ChatResult } from "../load/generator";
import { stageSampler, stageWindow, type StageSample } from "../lib/stages";
import { isOurs, type RunningVariant } from "../variants";

export interface MixResult extends ChatResult {
  users: number; open: number; server: Usage; load: Usage; connectMs: number; pass: boolean;
  /** The server's memory after a full GC before anyone connects (D: Next.js, the app, the store connection). */
  startMemory?: MemorySample;
  /** The same after the level, with every user still connected: what the users keep, garbage and V8's young generation aside. */
  endMemory?: MemorySample;
  /** D: where the level's messages spent their time (lib/stages.ts). */
  stages?: StageSample;
}

export const MIX_P99_LIMIT_MS = 100;
const VIDEOS = 4;

/**
 * Scenario 4, one load level: `users` connected (pairs who may chat), each on one of a few videos,
 * each sending its partner a message every 10 s, going away and back, and moving to another video
 * now and then, for `durationMs`. Passes when nothing fails and message p99 (ack and delivery) < 100 ms.
 */
export async function mix(v: RunningVariant, gen: Child, users: number, durationMs: number): Promise<MixResult> {
  const startMemory = await v.server.call<MemorySample>("memory");
  const people = await v.people(users);
  const videoIds = await v.videos(VIDEOS);
  const { ms } = await gen.call<{ ms: number }>("connect", { url: v.url, protocol: v.protocol, people });
  await gen.call("watch", { videoIds });
  await gen.call("chatWarmup", { joinConversation: false });
  await new Promise((r) => setTimeout(r, 1500));
  const sampleStages = stageSampler(v.server, isOurs(v.name));
  const before = await sampleStages();
  await Promise.all([v.server.call("monitorStart"), gen.call("monitorStart")]);
  const r = await gen.call<ChatResult & { open: number }>("mix", {
    durationMs, messageEveryMs: 10_000, statusEveryMs: 20_000, churnEveryMs: 30_000, videoIds, drainMs: 1000,
  });
  const [server, load] = await Promise.all([v.server.call<Usage>("monitorStop"), gen.call<Usage>("monitorStop")]);
  const after = await sampleStages();
  const endMemory = await v.server.call<MemorySample>("memory");
  await gen.call("closeAll");
  const pass = r.open === users && r.acked === r.sent && r.delivery.n === r.sent
    && Math.max(r.ack.p99, r.delivery.p99) < MIX_P99_LIMIT_MS;
  return { ...r, users, server, load, connectMs: ms, pass, startMemory, endMemory, ...(before && after ? { stages: stageWindow(before, after) } : {}) };
}
