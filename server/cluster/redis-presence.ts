import type { UserStatusDto } from "@/contracts/dto";
import type { OnlineEntry, PresenceStore } from "../realtime/presence";
import { logOnce } from "./log-once";
import type { Redis } from "./script";
import { presenceConnect, presenceDisconnect, presenceExpire, presenceSetActive } from "./scripts";

const iso = (ms: string | null | undefined): string | null => (ms ? new Date(Number(ms)).toISOString() : null);

/**
 * Presence (SPEC F6) for several nodes: the same rules as the in-memory PresenceRegistry, with the
 * sockets of every node in Redis (scripts.ts). A user is online while any socket on any node is
 * active, away while all are hidden or idle, and offline once no node has had a socket for `graceMs`:
 * a reload that lands on another node reconnects within the grace period and nothing is announced.
 * The node whose script call changed a status announces it (the Broadcaster reaches every node); the
 * offline transition is claimed atomically by one node (`presenceExpire`), whichever asks first once
 * the grace period is over, so a node that dies meanwhile leaves nobody online for ever.
 */
export class RedisPresence implements PresenceStore {
  /** This node's sockets, to register them again when Redis lost them (a restart, or this node reaped). */
  private readonly local = new Map<string, { userId: string; active: boolean; since: Date }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly failed = logOnce("presence update");

  constructor(
    private readonly redis: Redis,
    private readonly nodeId: string,
    private readonly onChange: (status: UserStatusDto) => void,
    private readonly onOffline: (userId: string, at: Date) => void,
    private readonly graceMs = 5000,
  ) {}

  connect(userId: string, socketId: string): void {
    this.local.set(socketId, { userId, active: true, since: new Date() });
    this.apply(presenceConnect.run(this.redis, [], [userId, socketId, this.nodeId, this.graceMs]));
  }

  setActive(userId: string, socketId: string, active: boolean): void {
    const mine = this.local.get(socketId);
    if (mine?.userId !== userId) return;
    mine.active = active;
    this.apply(presenceSetActive.run(this.redis, [], [userId, socketId, this.nodeId, active ? 1 : 0, this.graceMs]));
  }

  disconnect(userId: string, socketId: string): void {
    if (!this.local.delete(socketId)) return;
    this.apply(presenceDisconnect.run(this.redis, [], [userId, socketId, this.nodeId, this.graceMs]));
    // The grace period's end, on time; the cluster's tick (every second) catches what this misses.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.expire();
    }, this.graceMs + 20);
    timer.unref();
    this.timers.add(timer);
  }

  async get(userId: string): Promise<UserStatusDto | null> {
    const [status, lastSeen] = await this.redis.hmGet(`ll:p:st:${userId}`, ["status", "lastSeen"]);
    if (status !== "online" && status !== "away") return null;
    return { userId, status, lastSeenAt: iso(lastSeen) };
  }

  /** Everyone with a status, on any node. */
  onlineUserIds(): Promise<string[]> {
    return this.redis.sMembers("ll:p:online");
  }

  /**
   * Everyone online or away on any node, as the admin dashboard lists them: the status and "since" the
   * presence scripts keep, and the user's open connections on every node. One round trip per user,
   * pipelined (node-redis sends the commands of one tick together).
   */
  async list(): Promise<OnlineEntry[]> {
    const users = await this.redis.sMembers("ll:p:online");
    const rows = await Promise.all(users.map((userId) => Promise.all([
      this.redis.hmGet(`ll:p:st:${userId}`, ["status", "since"]),
      this.redis.hLen(`ll:p:s:${userId}`),
    ])));
    const out: OnlineEntry[] = [];
    rows.forEach(([[status, since], connections], i) => {
      const userId = users[i];
      if (!userId || (status !== "online" && status !== "away")) return; // went offline meanwhile
      out.push({ userId, status, since: new Date(Number(since) || Date.now()), connections });
    });
    return out;
  }

  total(): Promise<number> {
    return this.redis.sCard("ll:p:online");
  }

  /** Users with a socket on this node. */
  get size(): number {
    return new Set([...this.local.values()].map((s) => s.userId)).size;
  }

  /** The users with a socket on this node (recorded as last seen when it stops). */
  localUserIds(): string[] {
    return [...new Set([...this.local.values()].map((s) => s.userId))];
  }

  /** Users whose grace period is over with no socket anywhere go offline; announced by the node that claims them. */
  async expire(): Promise<void> {
    try {
      const [now, ...users] = (await presenceExpire.run(this.redis, [], [])) as string[];
      const at = new Date(Number(now));
      for (const userId of users) {
        this.onOffline(userId, at);
        this.onChange({ userId, status: "offline", lastSeenAt: at.toISOString() });
      }
    } catch (e) {
      this.failed(e);
    }
  }

  /** Registers this node's sockets again (Redis restarted empty, or other nodes took this one for dead). */
  reregister(): void {
    for (const [socketId, { userId, active }] of this.local) {
      this.apply(presenceConnect.run(this.redis, [], [userId, socketId, this.nodeId, this.graceMs]));
      if (!active) this.apply(presenceSetActive.run(this.redis, [], [userId, socketId, this.nodeId, 0, this.graceMs]));
    }
  }

  /** Announces changes found by someone else's script run (a dead node's cleanup). */
  announce(change: unknown): void {
    this.apply(Promise.resolve(change));
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private apply(result: Promise<unknown>): void {
    result.then(
      (change) => {
        if (!Array.isArray(change) || change.length < 3) return;
        const [userId, status, lastSeen] = change as [string, string, string];
        if (status === "online" || status === "away") this.onChange({ userId, status, lastSeenAt: iso(lastSeen) });
      },
      (e: unknown) => { this.failed(e); },
    );
  }
}
