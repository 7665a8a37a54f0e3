import type { Child } from "../lib/ipc";
import type { Latency } from "../lib/stats";
import type { Usage } from "../servers/probe";
import type { RunningVariant } from "../variants";
import { SEQ_BASE } from "../load/generator-constants";

export interface BroadcastStep { rate: number; deliveriesPerSec: number; expected: number; delivered: number; latency: Latency; server: Usage; load: Usage; pass: boolean }
export interface BroadcastResult { clients: number; best: number; steps: BroadcastStep[] }

const STEP_MS = 3000;
const P99_LIMIT_MS = 50;

/**
 * Scenario 2: `clients` connections watch one video; the server sends a viewer-count style event to
 * that room at rising rates. Reports the most deliveries per second whose p99 stays under 50 ms with
 * nothing lost (doubling until a step fails, then three bisections).
 */
export async function broadcast(v: RunningVariant, gen: Child, clients: number, startRate: number): Promise<BroadcastResult> {
  const people = await v.people(clients);
  const [videoId] = await v.videos(1);
  if (!videoId) throw new Error("no video");
  await gen.call("connect", { url: v.url, protocol: v.protocol, people });
  await gen.call("watch", { videoIds: [videoId] });
  await new Promise((r) => setTimeout(r, 1500)); // the real (throttled) viewer counts settle first

  const steps: BroadcastStep[] = [];
  const step = async (rate: number): Promise<BroadcastStep> => {
    await gen.call("recordBroadcast");
    await Promise.all([v.server.call("monitorStart"), gen.call("monitorStart")]);
    const { sentAt } = await v.server.call<{ sentAt: number[] }>("broadcast", { videoId, rate, durationMs: STEP_MS, seqBase: SEQ_BASE });
    const serverUsage = await v.server.call<Usage>("monitorStop");
    const r = await gen.call<{ expected: number; delivered: number; latency: Latency }>("finishBroadcast", { sentAt, drainMs: 1000 });
    const loadUsage = await gen.call<Usage>("monitorStop");
    const s: BroadcastStep = {
      rate,
      deliveriesPerSec: (r.delivered / STEP_MS) * 1000,
      ...r,
      server: serverUsage,
      load: loadUsage,
      // Every event sent (a server that fell far behind cuts the step short), all delivered, p99 in time.
      pass: sentAt.length === Math.round((rate * STEP_MS) / 1000) && r.delivered === r.expected && r.latency.p99 < P99_LIMIT_MS,
    };
    steps.push(s);
    return s;
  };
  const best = await searchRate(startRate, step);
  await gen.call("closeAll");
  return { clients, best: best ? best.deliveriesPerSec : 0, steps };
}

/**
 * Doubles from `start` until a rate fails, then bisects three times between the last pass and that
 * failure, to within an eighth of the last passing rate (two bisections, a quarter, left 0.79x of B
 * and 0.8x one step apart).
 * A rate fails only when two tries in a row fail: one stall in a few seconds (a GC, the machine's other
 * work) otherwise decided the whole search from its first step.
 */
export async function searchRate<S extends { rate: number; pass: boolean }>(start: number, step: (rate: number) => Promise<S>, maxRate = 1e6): Promise<S | null> {
  const tryRate = async (rate: number): Promise<S> => {
    const first = await step(rate);
    return first.pass ? first : step(rate);
  };
  let best: S | null = null;
  let failRate = 0;
  for (let rate = start; rate <= maxRate; rate *= 2) {
    const s = await tryRate(rate);
    if (!s.pass) {
      failRate = rate;
      break;
    }
    best = s;
  }
  if (!failRate) return best;
  let lo = best?.rate ?? 0;
  let hi = failRate;
  for (let k = 0; k < 3; k++) {
    const mid = Math.round((lo + hi) / 2);
    if (mid <= lo || mid >= hi) break;
    const s = await tryRate(mid);
    if (s.pass) {
      best = s;
      lo = mid;
    } else hi = mid;
  }
  return best;
}
