/**
 * What the realtime layer needs of viewer counts: this class in one process, `cluster/redis-viewers.ts`
 * over Redis with REDIS_URL (counts across nodes, one throttled stream per video for the cluster).
 */
export interface ViewerStore {
  count(videoId: string): number | Promise<number>;
  /** Counts the socket in; resolves to the video's distinct viewers. */
  join(videoId: string, userId: string, socketId: string): number | Promise<number>;
  leave(videoId: string, userId: string, socketId: string): number | Promise<number>;
  leaveAll(videoIds: Iterable<string>, userId: string, socketId: string): void;
  close(): void;
}

/**
 * Per-video viewer counts (SPEC F7): distinct users per video, a user with two tabs counts once,
 * broadcasts throttled to one per `intervalMs` per video with the latest value always sent last,
 * and counts can never go negative (they are set sizes). Transport-agnostic: `publish` emits.
 */
export class ViewerRegistry implements ViewerStore {
  /** videoId -> userId -> socket ids watching */
  private readonly videos = new Map<string, Map<string, Set<string>>>();
  private readonly lastSent = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly publish: (videoId: string, count: number) => void,
    private readonly intervalMs = 1000,
  ) {}

  count(videoId: string): number {
    return this.videos.get(videoId)?.size ?? 0;
  }

  join(videoId: string, userId: string, socketId: string): number {
    let users = this.videos.get(videoId);
    if (!users) {
      users = new Map();
      this.videos.set(videoId, users);
    }
    const sockets = users.get(userId);
    if (sockets) {
      sockets.add(socketId);
    } else {
      users.set(userId, new Set([socketId]));
      this.schedule(videoId);
    }
    return users.size;
  }

  leave(videoId: string, userId: string, socketId: string): number {
    const users = this.videos.get(videoId);
    const sockets = users?.get(userId);
    if (!users || !sockets?.delete(socketId)) return this.count(videoId);
    if (sockets.size === 0) {
      users.delete(userId);
      this.schedule(videoId);
    }
    if (users.size === 0) this.videos.delete(videoId);
    return users.size;
  }

  /** Removes a socket from every video it watched (disconnect). */
  leaveAll(videoIds: Iterable<string>, userId: string, socketId: string): void {
    for (const videoId of videoIds) this.leave(videoId, userId, socketId);
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(videoId: string): void {
    if (this.timers.has(videoId)) return; // the pending send will carry the latest count
    const wait = (this.lastSent.get(videoId) ?? 0) + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.send(videoId);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(videoId);
      this.send(videoId);
    }, wait);
    timer.unref();
    this.timers.set(videoId, timer);
  }

  private send(videoId: string): void {
    const count = this.count(videoId);
    this.lastSent.set(videoId, Date.now());
    if (count === 0) setTimeout(() => { this.forget(videoId); }, this.intervalMs).unref();
    this.publish(videoId, count);
  }

  private forget(videoId: string): void {
    if (this.count(videoId) === 0 && !this.timers.has(videoId)) this.lastSent.delete(videoId);
  }
}
