import { logOnce } from "./log-once";
import type { Redis } from "./script";
import type { RedisPresence } from "./redis-presence";
import type { RedisViewers } from "./redis-viewers";
import { heartbeat, reapNodes } from "./scripts";

/** How often a node heartbeats, and after how long without one the others clean up after it. */
export interface ClusterTimings {
  heartbeatMs: number;
  deadAfterMs: number;
}

export const DEFAULT_CLUSTER_TIMINGS: ClusterTimings = { heartbeatMs: 5000, deadAfterMs: 15_000 };

/** The one-second tick: offline transitions and throttled counts that came due (whoever's they are). */
const TICK_MS = 1000;

/**
 * A node's life in the cluster: it heartbeats into `ll:nodes`; on each beat it also removes what
 * nodes silent for `deadAfterMs` had registered (reapNodes: atomic, so two nodes reaping at once do
 * not double-count) and announces the results, so a `kill -9`ed node's users go offline and its viewers
 * stop counting within heartbeatMs + deadAfterMs (20 s by default). A beat that finds this node
 * unregistered (Redis restarted empty, or this node was partitioned long enough to be reaped)
 * registers its sockets again. On close it removes its own entries at once.
 */
export class NodeLoop {
  private beatTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private beats = 0;
  private readonly failed = logOnce("node heartbeat");

  constructor(
    private readonly redis: Redis,
    private readonly nodeId: string,
    private readonly presence: RedisPresence,
    private readonly viewers: RedisViewers,
    private readonly timings: ClusterTimings,
    private readonly graceMs: number,
  ) {}

  start(): void {
    void this.beat();
    this.beatTimer = setInterval(() => { void this.beat(); }, this.timings.heartbeatMs);
    this.beatTimer.unref();
    this.tickTimer = setInterval(() => { void this.tick(); }, Math.min(TICK_MS, this.timings.heartbeatMs));
    this.tickTimer.unref();
  }

  /** Stops beating and removes this node's entries (its users go offline after the grace period unless they reconnect elsewhere). */
  async close(): Promise<void> {
    if (this.beatTimer) clearInterval(this.beatTimer);
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.beatTimer = this.tickTimer = null;
    try {
      await this.reap(0, this.graceMs, this.nodeId);
    } catch (e) {
      this.failed(e);
    }
  }

  private async beat(): Promise<void> {
    try {
      const known = await heartbeat.run(this.redis, [], [this.nodeId]);
      if (known === 0 && this.beats > 0) {
        console.warn(`[cluster] node ${this.nodeId} was not registered in Redis (restarted, or this node was taken for dead): registering its sockets again`);
        this.presence.reregister();
        this.viewers.reregister();
      }
      this.beats += 1;
      await this.reap(this.timings.deadAfterMs, 0);
    } catch (e) {
      this.failed(e);
    }
  }

  private async reap(deadAfterMs: number, graceMs: number, only?: string): Promise<void> {
    const args: (string | number)[] = [deadAfterMs, graceMs];
    if (only) args.push(only);
    const [changes, videos] = (await reapNodes.run(this.redis, [], args)) as [unknown[], string[]];
    if (!only && (changes.length > 0 || videos.length > 0)) {
      console.log(`[cluster] cleaned up after a silent node: ${String(changes.length)} status change(s), ${String(videos.length)} video count(s)`);
    }
    for (const change of changes) this.presence.announce(change);
    if (changes.length > 0 || videos.length > 0) await this.tick();
  }

  private async tick(): Promise<void> {
    await Promise.all([this.presence.expire(), this.viewers.flush()]);
  }
}
