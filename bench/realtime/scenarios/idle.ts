import type { Child } from "../lib/ipc";
import type { MemorySample, Usage } from "../servers/probe";
import type { RunningVariant } from "../variants";

export interface IdleResult { n: number; heapPerConn: number; rssPerConn: number; connectMs: number; usage: Usage }

/** Scenario 1: `n` idle connections; heap and RSS per connection after a full GC, and idle CPU. */
export async function idle(v: RunningVariant, gen: Child, n: number): Promise<IdleResult> {
  const people = await v.people(n);
  const before = await v.server.call<MemorySample>("memory");
  const { connected, ms } = await gen.call<{ connected: number; ms: number }>("connect", { url: v.url, protocol: v.protocol, people });
  if (connected !== n) throw new Error(`connected ${String(connected)} of ${String(n)}`);
  await new Promise((r) => setTimeout(r, 2000));
  await v.server.call("monitorStart");
  await new Promise((r) => setTimeout(r, 3000));
  const usage = await v.server.call<Usage>("monitorStop");
  const after = await v.server.call<MemorySample>("memory");
  const open = await v.server.call<number>("connections");
  await gen.call("closeAll");
  if (open < n) throw new Error(`server holds ${String(open)} of ${String(n)} connections`);
  return {
    n,
    heapPerConn: (after.heapUsed - before.heapUsed) / n,
    rssPerConn: (after.rss - before.rss) / n,
    connectMs: ms,
    usage,
  };
}
