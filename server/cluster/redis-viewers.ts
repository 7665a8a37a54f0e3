import type { ViewerStore } from "../realtime/viewers";
import { logOnce } from "./log-once";
import type { Redis } from "./script";
import { viewerChange, viewerFlush } from "./scripts";

type Outcome = [count: number, send: number, wait: number];

/**
 * Viewer counts (SPEC F7) for several nodes: distinct users per video over every node's sockets, kept
 * in Redis (scripts.ts). One throttle per video for the whole cluster: the change that finds it free
 * sends the count at once and holds it for `intervalMs`; a change meanwhile marks the video due at the
 * throttle's end, when exactly one node (whichever claims it first: its own timer, or any node's
 * one-second tick) sends the latest count. Counts are hash sizes, never negative; a dead node's
 * sockets are removed by the cluster's cleanup (cluster-state.ts), which marks their videos due.
 */
export class RedisViewers implements ViewerStore {
  /** This node's watching sockets: socket -> its user and videos (to register again after a Redis loss). */
  private readonly local = new Map<string, { userId: string; videos: Set<string> }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly failed = logOnce("viewer count update");

  constructor(
    private readonly redis: Redis,
    private readonly nodeId: string,
    private readonly publish: (videoId: string, count: number) => void,
    private readonly intervalMs = 1000,
  ) {}

  count(videoId: string): Promise<number> {
    return this.redis.hLen(`ll:v:u:${videoId}`);
  }

  async join(videoId: string, userId: string, socketId: string): Promise<number> {
    let mine = this.local.get(socketId);
    if (!mine) this.local.set(socketId, (mine = { userId, videos: new Set() }));
    mine.videos.add(videoId);
    return this.settle(videoId, await this.change(videoId, userId, socketId, true));
  }

  async leave(videoId: string, userId: string, socketId: string): Promise<number> {
    const mine = this.local.get(socketId);
    mine?.videos.delete(videoId);
    if (mine?.videos.size === 0) this.local.delete(socketId);
    return this.settle(videoId, await this.change(videoId, userId, socketId, false));
  }

  leaveAll(videoIds: Iterable<string>, userId: string, socketId: string): void {
    for (const videoId of videoIds) this.leave(videoId, userId, socketId).catch(this.failed);
  }

  /** Sends the counts that are due (the throttle of their video has ended); each is claimed by one node. */
  async flush(): Promise<void> {
    try {
      const out = (await viewerFlush.run(this.redis, [], [this.intervalMs])) as (string | number)[];
      for (let i = 0; i + 1 < out.length; i += 2) this.publish(String(out[i]), Number(out[i + 1]));
    } catch (e) {
      this.failed(e);
    }
  }

  reregister(): void {
    for (const [socketId, { userId, videos }] of this.local) {
      for (const videoId of videos) {
        this.change(videoId, userId, socketId, true).then(
          (r) => { this.settle(videoId, r); },
          this.failed,
        );
      }
    }
  }

  private async change(videoId: string, userId: string, socketId: string, joining: boolean): Promise<Outcome> {
    return (await viewerChange.run(this.redis, [], [videoId, userId, socketId, this.nodeId, this.intervalMs, joining ? 1 : 0])) as Outcome;
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private settle(videoId: string, [count, send, wait]: Outcome): number {
    if (send >= 0) this.publish(videoId, send);
    else if (send === -1) this.schedule(videoId, wait);
    return count;
  }

  private schedule(videoId: string, wait: number): void {
    if (this.timers.has(videoId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(videoId);
      void this.flush();
    }, wait + 5);
    timer.unref();
    this.timers.set(videoId, timer);
  }
}
