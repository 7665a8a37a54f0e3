import type { z } from "zod";
import { ackFail, ackOk, type Ack } from "@/contracts/ack";
import { ErrorCode } from "@/contracts/errors";
import { toErrorBody } from "../errors";
import { TokenBucket } from "../rate-limit";
import { parseInput } from "../validation";
import type { AppSocket } from "./types";

type AckFn = (response: Ack<unknown>) => void;
type Listener = (...args: unknown[]) => void;

export interface EventOptions<S extends z.ZodType> {
  schema: S;
  /** Token bucket per socket and event: `[capacity, refill per second]`. */
  rate?: readonly [number, number];
}

/**
 * Registers a client event that never crashes the server: the payload is validated with zod, the ack
 * (when the client passed a function) receives `{ ok, data }` or `{ ok: false, error }`, chatty
 * clients are rate-limited per socket, and any error is mapped like a REST error.
 */
export function onEvent<S extends z.ZodType, R>(
  socket: AppSocket,
  event: string,
  opts: EventOptions<S>,
  handle: (payload: z.output<S>) => Promise<R> | R,
): void {
  const bucket = opts.rate ? new TokenBucket(opts.rate[0], opts.rate[1]) : null;
  const listener: Listener = (...args) => {
    const last = args.at(-1);
    const ack = typeof last === "function" ? (last as AckFn) : undefined;
    const payload = ack ? args.slice(0, -1)[0] : args[0];
    const reply = (res: Ack<unknown>) => {
      if (!ack) return;
      try {
        ack(res);
      } catch {
        // the client's socket may be gone; nothing to do
      }
    };
    if (bucket && !bucket.take()) {
      reply(ackFail({ code: ErrorCode.RateLimited, message: `too many "${event}" events; slow down` }));
      return;
    }
    void (async () => {
      try {
        const data = await handle(parseInput(opts.schema, payload));
        reply(ackOk(data ?? null));
      } catch (e) {
        reply(ackFail(toErrorBody(e).body));
      }
    })();
  };
  (socket as unknown as { on(event: string, listener: Listener): void }).on(event, listener);
}
