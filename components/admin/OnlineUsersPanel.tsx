"use client";

import { useDeferredValue, useMemo, useState } from "react";
import type { Role } from "@/contracts/dto";
import type { OnlineUserDto } from "@/contracts/metrics";
import { UsersIcon } from "@/components/ui/icons";
import { ErrorState } from "@/components/ui/states";
import { formatRelative, initials } from "@/lib/client/format";
import { countByRole, filterOnline } from "@/redux/features/admin/onlineUsersCache";
import { useGetOnlineUsersQuery } from "@/redux/features/admin/adminApi";
import { VirtualList } from "./VirtualList";

const ROLE_FILTERS: { value: Role | "all"; label: string }[] = [
  { value: "all", label: "Everyone" },
  { value: "learner", label: "Learners" },
  { value: "instructor", label: "Instructors" },
  { value: "admin", label: "Admins" },
];

/** Who is online now (SPEC F10): live from `userStatusUpdate`, filterable by name and role, virtualised. */
export function OnlineUsersPanel() {
  const { data, isLoading, isError, refetch } = useGetOnlineUsersQuery();
  const [query, setQuery] = useState("");
  const [role, setRole] = useState<Role | "all">("all");
  // With thousands online, typing and a burst of status pushes stay responsive: the derived list
  // (filter and sort of every row) follows at low priority and skips values it falls behind on.
  const deferredQuery = useDeferredValue(query);
  const deferredData = useDeferredValue(data);
  const all = useMemo(() => (deferredData ? Object.values(deferredData) : []), [deferredData]);
  const counts = useMemo(() => countByRole(all), [all]);
  const shown = useMemo(() => (deferredData ? filterOnline(deferredData, deferredQuery, role) : []), [deferredData, deferredQuery, role]);

  return (
    <section className="card online-panel" aria-labelledby="online-heading" data-testid="online-users">
      <div className="panel-head">
        <h2 id="online-heading">Online now <span className="count-pill" data-testid="online-count">{counts.all}</span></h2>
        <span className="live-dot">Live</span>
      </div>
      {isError && !data ? <ErrorState title="Couldn't load who is online" onRetry={() => void refetch()} /> : (
        <div className="online-body">
          <div className="online-filters">
            <input className="input" type="search" placeholder="Filter by name" aria-label="Filter by name" value={query}
              onChange={(e) => { setQuery(e.target.value); }} />
            <div className="role-chips" role="group" aria-label="Role">
              {ROLE_FILTERS.map((f) => (
                <button key={f.value} type="button" className={role === f.value ? "chip is-active" : "chip"} aria-pressed={role === f.value}
                  onClick={() => { setRole(f.value); }} data-testid={`role-${f.value}`}>
                  {f.label} <span>{f.value === "all" ? counts.all : counts[f.value]}</span>
                </button>
              ))}
            </div>
          </div>
          {isLoading ? <div className="skeleton" style={{ height: 160, borderRadius: 10 }} aria-busy="true" aria-label="Loading who is online" /> :
            shown.length === 0 ? (
              <div className="notif-empty">
                <UsersIcon size={26} />
                <p>{all.length === 0 ? <><strong>Nobody is online</strong><br />People appear here the moment they connect.</> : <>No one online matches this filter.</>}</p>
              </div>
            ) : (
              <VirtualList items={shown} rowHeight={56} height={392} keyOf={(u) => u.id} render={(u) => <OnlineRow user={u} />}
                label="People online" testId="online-list" />
            )}
        </div>
      )}
    </section>
  );
}

function OnlineRow({ user }: { user: OnlineUserDto }) {
  return (
    <div className="online-row" data-testid="online-user" data-user-id={user.id}>
      <span className="avatar" aria-hidden="true">{initials(user.name)}</span>
      <div className="online-who">
        <strong>{user.name}</strong>
        <span className="muted">{user.role} · since {formatRelative(user.since)}{user.connections > 1 ? ` · ${user.connections} tabs` : ""}</span>
      </div>
      <span className={`presence-badge is-${user.status}`}>{user.status}</span>
    </div>
  );
}
