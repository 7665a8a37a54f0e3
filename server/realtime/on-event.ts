import { performance } from "node:perf_hooks";
import type { z } from "zod";
import { ackFail, ackOk, type Ack, type AckCallback } from "@/contracts/ack";
import type { ClientToServerEvents } from "@/contracts/socket";
import { ErrorCode } from "@/contracts/errors";
import type { Actor } from "../auth/actor";
import { MessageTrace, messageStages } from "../metrics/message-stages";
import type { RealtimeMeter } from "../metrics/meter";
import { outcomeOfError } from "../metrics/outcome";
import { Outcome } from "../metrics/second-ring";
import { toErrorBody } from "../errors";
import { TokenBucket, type BucketStore } from "../rate-limit";
import type { SendMessage } from "../services/chat/send-message";
import { parseInput } from "../validation";
import type { Broadcaster } from "./broadcaster";
import { SocketConnection, type Connection } from "./client-connection";
import type { RealtimeState } from "./realtime-state";
import type { ServedSocket } from "./types";

/**
 * Client events are declared once, as a table of specs (handlers/*.ts), and served by one shared
 * listener per io: no closures, buckets or listeners are created per socket and event, which is most
 * of what a connection would otherwise cost in memory (docs/BENCHMARKS.md).
 */

/** The services a handler may call that tests or the benchmark replace. */
export interface RealtimeServices {
  sendMessage: SendMessage;
}

/**
 * What a handler gets besides the payload: the client that sent it as a transport-neutral
 * `Connection`, its `actor` (always from the token, never the payload), the realtime state, the
 * Broadcaster for events to audiences, and the replaceable services.
 */
export interface EventContext {
  conn: Connection;
  actor: Actor;
  state: RealtimeState;
  realtime: Broadcaster;
  services: RealtimeServices;
  /** Set for a spec with `traced`: the event's stage marks (metrics/message-stages.ts). */
  trace?: MessageTrace;
}

export interface EventSpec<S extends z.ZodType = z.ZodType, R = unknown> {
  schema: S;
  /** Token bucket per socket and event: `[capacity, refill per second]`. */
  rate?: readonly [number, number];
  /** Time this event's stages (chat messages: metrics/message-stages.ts). */
  traced?: boolean;
  handle(payload: z.output<S>, ctx: EventContext): Promise<R> | R;
  /**
   * Adds fields a foreign protocol expects to the `{ ok, data | error }` ack (seed 001's
   * `status`/`jobId`/`message` on `register`); `payload` is the raw one, possibly invalid.
   */
  shapeAck?(response: Ack<R>, payload: unknown): Ack<R>;
}

/** Types one entry of an event table (keeps `payload` inferred from the schema). */
export function defineEvent<S extends z.ZodType, R>(spec: EventSpec<S, R>): EventSpec<S, R> {
  return spec;
}

export type EventTable = Readonly<Record<string, EventSpec>>;

type ClientEvent = keyof ClientToServerEvents;
/** The payload a client sends with `E` (the contract's first parameter). */
type PayloadOf<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];
/** What the ack of `E` carries (`null` for events without an ack). */
type AckDataOf<E extends ClientEvent> = NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends AckCallback<infer T>
  ? T
  : // An ack that carries more than `{ ok, data }` (seed 001's `register`): the data of its success branch.
    NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends (response: infer A) => void
    ? Extract<A, { ok: true }> extends { data: infer T } ? T : null
    : null;

/**
 * The entry the contract asks for each client event: a schema whose output is the contract's payload
 * and a handler whose result is the ack's data. Tables are checked against it with `satisfies`, so a
 * misspelt event (`markAsReed`) or a handler answering the wrong shape does not compile.
 */
export type ClientEventTable = {
  [E in ClientEvent]: EventSpec<z.ZodType<PayloadOf<E>>, AckDataOf<E>>;
};

const actorOf = (socket: ServedSocket): Actor => ({
  userId: socket.data.userId,
  role: socket.data.role,
  name: socket.data.name,
});

type AckFn = (response: Ack<unknown>) => void;

/** Rate-limit buckets, created on a socket's first use of an event and gone with the socket. */
const buckets = new WeakMap<object, Map<string, TokenBucket>>();

function allowed(socket: object, event: string, rate: readonly [number, number]): boolean {
  let mine = buckets.get(socket);
  if (!mine) buckets.set(socket, (mine = new Map<string, TokenBucket>()));
  let bucket = mine.get(event);
  if (!bucket) mine.set(event, (bucket = new TokenBucket(rate[0], rate[1])));
  return bucket.take();
}

/**
 * The buckets shared by sockets: per user (summed over all their sockets) and per client IP, each
 * `perUser` / `perIp` times the event's per-socket `rate` (server/limits.ts; 0 turns one off).
 */
export interface SharedRateLimits {
  users: BucketStore;
  ips: BucketStore;
  perUser: number;
  perIp: number;
}

/** The socket's bucket first (no shared state touched when it refuses), then the user's, then the IP's. */
function allowedEverywhere(socket: ServedSocket, event: string, rate: readonly [number, number], shared: SharedRateLimits | undefined): boolean {
  if (!allowed(socket, event, rate)) return false;
  if (!shared) return true;
  const now = Date.now();
  const { perUser, perIp } = shared;
  if (perUser > 0 && !shared.users.take(socket.data.userId, event, rate[0] * perUser, rate[1] * perUser, now)) return false;
  return perIp <= 0 || shared.ips.take(socket.data.ip ?? "unknown", event, rate[0] * perIp, rate[1] * perIp, now);
}

/** The shared listener: `this` is the client (a Socket.IO socket, or a native one from the gateway). */
export type EventDispatch = (this: ServedSocket, event: unknown, ...args: unknown[]) => void;

/**
 * The listener to give every socket (`socket.onAny(dispatch)`; Socket.IO calls it with the socket as
 * `this`): the payload is validated with zod, the ack (when the client passed a function) receives
 * `{ ok, data }` or `{ ok: false, error }`, chatty clients are rate-limited per socket, user and IP and event, any
 * error is mapped like a REST error, and an event not in the table is answered with a BAD_REQUEST ack. It never throws.
 * With a `meter` (server/metrics), every event is counted with its outcome and its handling time,
 * receipt to ack (or end of handler): ok, refused (any error ack a client caused) or failed (ours).
 */
export function eventDispatcher(
  table: EventTable,
  context: Omit<EventContext, "conn" | "actor">,
  shared?: SharedRateLimits,
  meter?: RealtimeMeter,
): EventDispatch {
  return function dispatch(this: ServedSocket, event, ...args) {
    const receivedAt = performance.now();
    const startedAt = meter ? receivedAt : 0;
    const spec = typeof event === "string" && Object.hasOwn(table, event) ? table[event] : undefined;
    const last = args.at(-1);
    const ack = typeof last === "function" ? (last as AckFn) : undefined;
    if (!spec) {
      // Never silence: a client on an older or newer contract learns why nothing happened.
      const name = typeof event === "string" ? event.slice(0, 64) : typeof event;
      if (process.env.DEBUG_REALTIME) console.debug(`[realtime] unknown event "${name}" from user ${this.data.userId}`);
      try {
        ack?.(ackFail({ code: ErrorCode.BadRequest, message: `unknown event "${name}"` }));
      } catch {
        // the client's socket may be gone
      }
      meter?.eventDone(meter.slotOf(event), Outcome.refused, startedAt);
      return;
    }
    const payload = ack ? args.slice(0, -1)[0] : args[0];
    const reply = (res: Ack<unknown>) => {
      if (!ack) return;
      try {
        ack(spec.shapeAck ? spec.shapeAck(res, payload) : res);
      } catch {
        // the client's socket may be gone; nothing to do
      }
    };
    if (spec.rate && !allowedEverywhere(this, event as string, spec.rate, shared)) {
      reply(ackFail({ code: ErrorCode.RateLimited, message: `too many "${String(event)}" events; slow down` }));
      meter?.eventDone(meter.slotOf(event), Outcome.refused, startedAt);
      return;
    }
    const trace = spec.traced ? new MessageTrace(receivedAt) : undefined;
    const ctx: EventContext = { ...context, conn: new SocketConnection(this, context.realtime), actor: actorOf(this), trace };
    void (async () => {
      try {
        const input = parseInput(spec.schema, payload);
        trace?.mark("validated");
        const data = await spec.handle(input, ctx);
        reply(ackOk(data ?? null));
        if (trace) messageStages.done(trace);
        meter?.eventDone(meter.slotOf(event), Outcome.ok, startedAt);
      } catch (e) {
        const error = toErrorBody(e).body;
        // A client that passed no ack (seed 002's sends) cannot hear the refusal: say it in the log.
        if (!ack) console.warn(`[realtime] "${String(event)}" from user ${this.data.userId} failed without an ack: ${error.code} ${error.message}`);
        reply(ackFail(error));
        meter?.eventDone(meter.slotOf(event), outcomeOfError(error.code), startedAt);
      }
    })();
  };
}
