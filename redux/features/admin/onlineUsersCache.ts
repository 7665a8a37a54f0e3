import type { UserStatusDto } from "@/contracts/dto";
import type { OnlineUserDto } from "@/contracts/metrics";

/** Who is online, by id (a status change touches one entry, whatever the list's size). */
export type OnlineUsers = Record<string, OnlineUserDto>;

export function onlineUsersById(users: readonly OnlineUserDto[]): OnlineUsers {
  const out: OnlineUsers = {};
  for (const u of users) out[u.id] = u;
  return out;
}

/**
 * Applies a `userStatusUpdate` to the list: offline removes, online/away updates a known user.
 * Returns the id when the user is new to the list (the caller fetches their name and role).
 */
export function applyStatus(draft: OnlineUsers, s: UserStatusDto): string | null {
  if (s.status === "offline") {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a map keyed by user id
    delete draft[s.userId];
    return null;
  }
  const known = draft[s.userId];
  if (known) {
    known.status = s.status;
    return null;
  }
  return s.userId;
}

/**
 * Adds the users fetched for newcomers, unless their latest pushed status (since the fetch was
 * asked) says they went offline meanwhile.
 */
export function addFetched(draft: OnlineUsers, users: readonly OnlineUserDto[], latest: ReadonlyMap<string, UserStatusDto["status"]>): void {
  for (const u of users) {
    const status = latest.get(u.id);
    if (status === "offline") continue;
    draft[u.id] = status ? { ...u, status } : u;
  }
}

export interface RoleCounts {
  all: number;
  learner: number;
  instructor: number;
  admin: number;
}

export function countByRole(users: readonly OnlineUserDto[]): RoleCounts {
  const c: RoleCounts = { all: users.length, learner: 0, instructor: 0, admin: 0 };
  for (const u of users) c[u.role] += 1;
  return c;
}

/** Name contains `query` (any case), and the role if one is chosen; newest first. */
export function filterOnline(users: OnlineUsers, query: string, role: OnlineUserDto["role"] | "all"): OnlineUserDto[] {
  const q = query.trim().toLowerCase();
  const out: OnlineUserDto[] = [];
  for (const u of Object.values(users)) {
    if (role !== "all" && u.role !== role) continue;
    if (q && !u.name.toLowerCase().includes(q)) continue;
    out.push(u);
  }
  return out.sort((a, b) => (a.since < b.since ? 1 : a.since > b.since ? -1 : a.name.localeCompare(b.name)));
}
