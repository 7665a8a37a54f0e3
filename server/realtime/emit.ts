import { runtime } from "../runtime";
import type { RealtimeEvent } from "./events";

/**
 * Emits through the one io instance server.ts created (read from the globalThis registry, so a
 * route handler bundled by Next reaches the same sockets). Never throws: the data is already saved
 * and clients resync on reconnect.
 */
export function emitEvents(events: readonly RealtimeEvent[]): void {
  const io = runtime.getIo();
  if (!io) {
    if (events.length > 0) console.warn(`[realtime] no io registered; ${events.length} event(s) not sent`);
    return;
  }
  for (const e of events) {
    try {
      const ns = io.of(e.namespace ?? "/");
      // No room: `to([])` broadcasts to the whole namespace, like `ns.emit`.
      let target = ns.to(e.room ?? []);
      if (e.except) target = target.except(e.except);
      if (e.volatile) target = target.volatile;
      // The union keeps event and payload paired; emit's overloads cannot see that.
      (target.emit as (event: string, payload: unknown) => boolean)(e.event, e.payload);
    } catch (err) {
      console.error(`[realtime] emit ${e.event} failed:`, err instanceof Error ? err.message : String(err));
    }
  }
}
