import type { PresenceStatus, UserStatusDto } from "@/contracts/dto";

/**
 * One user with a connection (or in the grace period). Times are epoch ms, not Dates: every online
 * user has an entry, and a Date costs about 180 B here (Next replaces the global Date with a subclass
 * whose instances each get a hidden class of their own), a number 16 B (docs/BENCHMARKS.md "Native gateway").
 */
interface Entry {
  /** socket id -> the tab is visible and active */
  sockets: Map<string, boolean>;
  status: PresenceStatus;
  lastSeenAt: number;
  offlineTimer: NodeJS.Timeout | null;
  /** When this stretch online began (the admin dashboard's "since"). */
  since: number;
}

/** One online user as the admin dashboard lists them (F10). */
export interface OnlineEntry {
  userId: string;
  status: Exclude<PresenceStatus, "offline">;
  since: Date;
  /** Open tabs and devices (0 during the offline grace period). */
  connections: number;
}

/**
 * What the realtime layer needs of presence: this class in one process, `cluster/redis-presence.ts`
 * over Redis with REDIS_URL (several nodes). Updates are fire-and-forget; reads may be async.
 */
export interface PresenceStore {
  connect(userId: string, socketId: string): void;
  setActive(userId: string, socketId: string, active: boolean): void;
  disconnect(userId: string, socketId: string): void;
  /** Live status, or null when offline (ask the database for lastSeenAt). */
  get(userId: string): UserStatusDto | null | Promise<UserStatusDto | null>;
  onlineUserIds(): string[] | Promise<string[]>;
  /** Online or away users, for the admin dashboard: everyone's (with REDIS_URL, every node's). */
  list(): OnlineEntry[] | Promise<OnlineEntry[]>;
  /** How many users `list()` would give. */
  total(): number | Promise<number>;
  /** Users with a connection on this node (the node's own figure in the metrics). */
  readonly size: number;
  close(): void;
}

/**
 * Presence (SPEC F6): online while a tab is active, away when every tab is hidden or idle, offline
 * after the last tab has been gone for `graceMs` (a reload does not flap). Transport-agnostic:
 * `onChange` is called with each real change, `onOffline` to persist lastSeenAt.
 */
export class PresenceRegistry implements PresenceStore {
  private readonly users = new Map<string, Entry>();

  constructor(
    private readonly onChange: (status: UserStatusDto) => void,
    private readonly onOffline: (userId: string, at: Date) => void,
    private readonly graceMs = 5000,
  ) {}

  connect(userId: string, socketId: string): void {
    const entry = this.users.get(userId) ?? this.create(userId);
    if (entry.offlineTimer) {
      clearTimeout(entry.offlineTimer);
      entry.offlineTimer = null;
    }
    entry.sockets.set(socketId, true);
    entry.lastSeenAt = Date.now();
    this.recompute(userId, entry);
  }

  setActive(userId: string, socketId: string, active: boolean): void {
    const entry = this.users.get(userId);
    if (!entry?.sockets.has(socketId)) return;
    entry.sockets.set(socketId, active);
    this.recompute(userId, entry);
  }

  disconnect(userId: string, socketId: string): void {
    const entry = this.users.get(userId);
    if (!entry?.sockets.delete(socketId)) return;
    if (entry.sockets.size > 0) {
      this.recompute(userId, entry);
      return;
    }
    entry.offlineTimer = setTimeout(() => {
      entry.offlineTimer = null;
      if (entry.sockets.size > 0) return;
      const at = new Date();
      entry.lastSeenAt = at.getTime();
      this.users.delete(userId);
      this.onOffline(userId, at);
      this.onChange({ userId, status: "offline", lastSeenAt: at.toISOString() });
    }, this.graceMs);
    entry.offlineTimer.unref();
  }

  /** Live status, or null when the user has no entry (offline: ask the database for lastSeenAt). */
  get(userId: string): UserStatusDto | null {
    const entry = this.users.get(userId);
    return entry ? { userId, status: entry.status, lastSeenAt: new Date(entry.lastSeenAt).toISOString() } : null;
  }

  onlineUserIds(): string[] {
    return [...this.users.keys()];
  }

  /** Everyone online or away now (those in the offline grace period included), for the admin dashboard. */
  list(): OnlineEntry[] {
    const out: OnlineEntry[] = [];
    for (const [userId, e] of this.users) {
      if (e.status !== "offline") out.push({ userId, status: e.status, since: new Date(e.since), connections: e.sockets.size });
    }
    return out;
  }

  /** How many users `list()` would give, without building it. */
  total(): number {
    return this.users.size;
  }

  /** One process: this node's users are everyone's. */
  get size(): number {
    return this.users.size;
  }

  close(): void {
    for (const e of this.users.values()) if (e.offlineTimer) clearTimeout(e.offlineTimer);
    this.users.clear();
  }

  private create(userId: string): Entry {
    const now = Date.now();
    const entry: Entry = { sockets: new Map(), status: "offline", lastSeenAt: now, offlineTimer: null, since: now };
    this.users.set(userId, entry);
    return entry;
  }

  private recompute(userId: string, entry: Entry): void {
    const status: PresenceStatus = [...entry.sockets.values()].some(Boolean) ? "online" : "away";
    if (status === entry.status) return;
    entry.status = status;
    this.onChange({ userId, status, lastSeenAt: new Date(entry.lastSeenAt).toISOString() });
  }
}
