import type { Child } from "../lib/ipc";
import type { Usage } from "../servers/probe";
import type { ChatResult } from "../load/generator";
import { stageSampler, stageWindow, type StageSample } from "../lib/stages";
import { isOurs, type RunningVariant } from "../variants";
import { searchRate } from "./broadcast";

export interface ChatStep extends ChatResult {
  rate: number; server: Usage; load: Usage; pass: boolean;
  /** D: where the step's messages spent their time (lib/stages.ts). */
  stages?: StageSample;
}
export interface ChatBenchResult { pairs: number; best: number; bestStep: ChatStep | null; steps: ChatStep[] }

const STEP_MS = 3000;
const P99_LIMIT_MS = 50;

/**
 * Scenario 3: `pairs` chats with the window open on the recipient's side; one side of each pair sends
 * with an ack, round robin, at rising rates. A step passes when every message is acknowledged and
 * delivered to the recipient, and both the ack and the delivery p99 stay under 50 ms.
 */
export async function chat(v: RunningVariant, gen: Child, pairs: number, startRate: number): Promise<ChatBenchResult> {
  const people = await v.people(pairs * 2);
  await gen.call("connect", { url: v.url, protocol: v.protocol, people });
  await gen.call("chatWarmup", { joinConversation: true });
  const steps: ChatStep[] = [];
  const sampleStages = stageSampler(v.server, isOurs(v.name));
  const best = await searchRate(startRate, async (rate) => {
    const before = await sampleStages();
    await Promise.all([v.server.call("monitorStart"), gen.call("monitorStart")]);
    const r = await gen.call<ChatResult & { expected: number }>("chatStep", { rate, durationMs: STEP_MS, drainMs: 1000 });
    const [server, load] = await Promise.all([v.server.call<Usage>("monitorStop"), gen.call<Usage>("monitorStop")]);
    const after = await sampleStages();
    // All sent on schedule (a generator that fell behind cuts the step short), acked and delivered.
    const pass = r.sent === r.expected && r.acked === r.sent && r.delivery.n === r.sent && Math.max(r.ack.p99, r.delivery.p99) < P99_LIMIT_MS;
    const s: ChatStep = { ...r, rate, server, load, pass, ...(before && after ? { stages: stageWindow(before, after) } : {}) };
    steps.push(s);
    return s;
  });
  await gen.call("closeAll");
  return { pairs, best: best ? (best.sent / STEP_MS) * 1000 : 0, bestStep: best, steps };
}
