import { nowMs, openLoop } from "../lib/clock";
import { usageMonitor } from "../servers/probe";
import { serve } from "../lib/ipc";
import { speedProbe } from "../lib/machine";
import { latency, type Latency } from "../lib/stats";
import { SEQ_BASE } from "./generator-constants";
import { dialAll, type Conn, type Identity, type Protocol } from "./conn";

/**
 * The load generator (its own process, pinned to the other core): holds the client connections and
 * runs each scenario's client side on the orchestrator's command. All timings are taken here, except
 * the send time of server-side broadcasts, which the server reports.
 */


let conns: Conn[] = [];
let people: Identity[] = [];

interface Ack { ok: boolean; data?: unknown; error?: unknown }

function emitAck(c: Conn, event: string, data: unknown, timeoutMs = 30_000): Promise<Ack> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { resolve({ ok: false, error: "ack timeout" }); }, timeoutMs);
    c.emit(event, data, (res) => {
      clearTimeout(timer);
      resolve(res as Ack);
    });
  });
}

async function inBatches<T>(items: T[], size: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map((item, k) => fn(item, start + k)));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- broadcast ----------------------------------------------------------------------------------
let recvSeq: number[] = [];
let recvAt: number[] = [];

// ---- chat and mix -------------------------------------------------------------------------------
/** Conversation of each pair (index = pair number), learned from the warm-up. */
let conversationOf: string[] = [];
let sentAt: number[] = [];
let ackLat: number[] = [];
let deliveryLat: number[] = [];
let ackFailures: Record<string, number> = {};
/** Acks slower than SLOW_MS: [due time, latency], to find when the tail happened. */
let slowAcks: [number, number][] = [];
const SLOW_MS = 50;
let received: Record<string, number> = {};

let stepNonce = "";

function resetChatStats(): void {
  stepNonce = Math.random().toString(36).slice(2, 12);
  sentAt = [];
  ackLat = [];
  deliveryLat = [];
  ackFailures = {};
  slowAcks = [];
  received = {};
}

/** `dueAt`: when an open-loop schedule wanted this message sent (latency counts from then). */
function sendChat(pair: number, from: "a" | "b", dueAt = nowMs()): void {
  const sender = conns[pair * 2 + (from === "a" ? 0 : 1)];
  const conversationId = conversationOf[pair];
  if (!sender || !conversationId || sender.closed) return;
  const seq = sentAt.length;
  const t0 = dueAt;
  sentAt.push(t0);
  sender.emit("message", { conversationId, content: `b${String(seq)}`, clientId: `b-${stepNonce}-${String(seq)}` }, (res) => {
    const ack = res as Ack;
    if (ack.ok) {
      const ms = nowMs() - t0;
      ackLat.push(ms);
      if (ms > SLOW_MS) slowAcks.push([t0, ms]);
    }
    else {
      const code = (ack.error as { code?: string } | undefined)?.code ?? JSON.stringify(ack.error);
      ackFailures[code] = (ackFailures[code] ?? 0) + 1;
    }
  });
}

function listen(): void {
  conns.forEach((c, i) => {
    const me = people[i]?.userId;
    c.on("newMessage", (data) => {
      const m = data as { senderId: string; content: string };
      received.newMessage = (received.newMessage ?? 0) + 1;
      if (m.senderId === me) return; // the sender's own echo
      const seq = Number(m.content.slice(1));
      const t0 = sentAt[seq];
      if (t0 !== undefined) deliveryLat.push(nowMs() - t0);
    });
    c.on("userStatusUpdate", () => { received.userStatusUpdate = (received.userStatusUpdate ?? 0) + 1; });
    c.on("viewerCount", (data) => {
      const count = (data as { count: number }).count;
      if (count >= SEQ_BASE) {
        recvSeq.push(count - SEQ_BASE);
        recvAt.push(nowMs());
      } else received.viewerCount = (received.viewerCount ?? 0) + 1;
    });
  });
}

export interface SlowSecond { at: number; slow: number; maxMs: number }
export interface ChatResult {
  sent: number; acked: number; ackFailures: Record<string, number>; ack: Latency; delivery: Latency; received: Record<string, number>;
  /** The seconds (wall clock, by due time) with the most acks slower than SLOW_MS. */
  slowSeconds?: SlowSecond[];
}

function slowSeconds(): SlowSecond[] {
  const bySecond = new Map<number, SlowSecond>();
  for (const [t0, ms] of slowAcks) {
    const at = Math.floor(t0 / 1000) * 1000;
    const s = bySecond.get(at) ?? { at, slow: 0, maxMs: 0 };
    s.slow++;
    s.maxMs = Math.max(s.maxMs, ms);
    bySecond.set(at, s);
  }
  return [...bySecond.values()].sort((a, b) => b.slow - a.slow).slice(0, 10);
}

function chatResult(): ChatResult {
  return { sent: sentAt.length, acked: ackLat.length, ackFailures, ack: latency(ackLat), delivery: latency(deliveryLat), received, slowSeconds: slowSeconds() };
}

let monitor = usageMonitor();

serve({
  /** lib/machine.ts speedProbe on the load generator's core. */
  speed: () => speedProbe(),
  monitorStart: () => {
    monitor = usageMonitor();
    monitor.start();
    return null;
  },
  monitorStop: () => monitor.stop(),
  /** people[2k] and people[2k+1] are partners (learner and instructor for variant D). */
  connect: async (args: { url: string; protocol: Protocol; people: Identity[] }) => {
    people = args.people;
    const t0 = nowMs();
    conns = await dialAll(args.url, args.protocol, people);
    listen();
    return { connected: conns.length, ms: nowMs() - t0 };
  },
  open: () => conns.filter((c) => !c.closed).length,
  closeAll: async () => {
    for (const c of conns) c.close();
    conns = [];
    await sleep(200);
    return null;
  },
  /** Connection i watches videoIds[i % length]. */
  watch: async (args: { videoIds: string[] }) => {
    const failures: unknown[] = [];
    await inBatches(conns, 200, async (c, i) => {
      const res = await emitAck(c, "watchingVideo", { videoId: args.videoIds[i % args.videoIds.length] });
      if (!res.ok) failures.push(res.error);
    });
    if (failures.length) throw new Error(`watchingVideo refused ${String(failures.length)} times: ${JSON.stringify(failures[0])}`);
    return null;
  },
  recordBroadcast: () => {
    recvSeq = [];
    recvAt = [];
    return null;
  },
  /** Latency of every delivery of the recorded broadcast, given when the server sent each one. */
  finishBroadcast: async (args: { sentAt: number[]; drainMs: number }) => {
    await sleep(args.drainMs);
    const lat = recvSeq.map((seq, k) => (recvAt[k] ?? 0) - (args.sentAt[seq] ?? Number.NaN)).filter(Number.isFinite);
    const expected = args.sentAt.length * conns.length;
    const result = { expected, delivered: lat.length, latency: latency(lat) };
    recvSeq = [];
    recvAt = [];
    return result;
  },
  /** Each pair's first message (by recipientId) opens its conversation; the recipient opens the chat. */
  chatWarmup: async (args: { joinConversation: boolean }) => {
    conversationOf = [];
    const pairs = Math.floor(conns.length / 2);
    const failures: unknown[] = [];
    await inBatches(Array.from({ length: pairs }, (_, k) => k), 100, async (k) => {
      const a = conns[2 * k];
      const b = conns[2 * k + 1];
      const res = a ? await emitAck(a, "message", { recipientId: people[2 * k + 1]?.userId, content: "hello", clientId: `warm-${String(process.pid)}-${String(k)}-${String(Date.now())}` }) : null;
      const conversationId = (res?.data as { conversationId?: string } | undefined)?.conversationId;
      if (!res?.ok || !conversationId) {
        failures.push(res?.error);
        return;
      }
      conversationOf[k] = conversationId;
      if (args.joinConversation && b) {
        for (const c of [a, b]) if (c) await emitAck(c, "joinConversation", { conversationId });
      }
    });
    if (failures.length) throw new Error(`warm-up message refused ${String(failures.length)} times: ${JSON.stringify(failures[0])}`);
    await sleep(500);
    return { pairs };
  },
  /** Open loop: `rate` messages per second for `durationMs`, senders taken round robin over the pairs. */
  chatStep: async (args: { rate: number; durationMs: number; drainMs: number }) => {
    resetChatStats();
    const pairs = conversationOf.length;
    const { total } = await openLoop({
      rate: args.rate,
      durationMs: args.durationMs,
      fire: (k, dueAt) => { sendChat(k % pairs, "a", dueAt); },
    });
    await sleep(args.drainMs);
    return { ...chatResult(), expected: total };
  },
  /**
   * The realistic mix for `durationMs`: every user sends its partner a message every `messageEveryMs`,
   * goes away and back every `statusEveryMs`, and moves to another video every `churnEveryMs`
   * (each with a random phase). Users already watch a video (see `watch`).
   */
  mix: async (args: { durationMs: number; messageEveryMs: number; statusEveryMs: number; churnEveryMs: number; videoIds: string[]; drainMs: number }) => {
    resetChatStats();
    const timers: NodeJS.Timeout[] = [];
    const every = (period: number, fn: () => void) => {
      timers.push(setTimeout(() => {
        fn();
        timers.push(setInterval(fn, period));
      }, Math.random() * period));
    };
    conns.forEach((c, i) => {
      const pair = Math.floor(i / 2);
      every(args.messageEveryMs, () => { sendChat(pair, i % 2 === 0 ? "a" : "b"); });
      let away = false;
      every(args.statusEveryMs, () => {
        away = !away;
        c.emit("userStatus", !away);
      });
      let video = i % args.videoIds.length;
      every(args.churnEveryMs, () => {
        c.emit("leaveVideo", { videoId: args.videoIds[video] });
        video = (video + 1) % args.videoIds.length;
        c.emit("watchingVideo", { videoId: args.videoIds[video] }, () => undefined);
      });
    });
    await sleep(args.durationMs);
    for (const t of timers) clearTimeout(t);
    await sleep(args.drainMs);
    return { ...chatResult(), open: conns.filter((c) => !c.closed).length };
  },
});
