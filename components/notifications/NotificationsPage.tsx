"use client";

import { useMemo, useState } from "react";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { BellIcon } from "@/components/ui/icons";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import type { NotificationDto } from "@/contracts/dto";
import { useNotifications } from "@/hooks/useNotifications";
import { groupNotifications } from "@/lib/client/notificationGroups";
import { mergeNotifications, markRead as markReadLocally } from "@/redux/features/notifications/notificationsCache";
import { useLazyGetNotificationsPageQuery } from "@/redux/features/notifications/notificationsApi";
import { NotificationFilter, type NotificationFilterValue } from "./NotificationFilter";
import { NotificationItem } from "./NotificationItem";

const PAGE = 50;

/** `/notifications`: the whole history, newest first, grouped, with a filter, paging and "mark all read". */
export function NotificationsPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Notifications</h1>
          <p>Purchases, reviews, replies, messages and announcements, newest first.</p>
        </div>
      </div>
      <RequireAuth fallback={<div className="card card-pad"><Spinner label="Loading notifications" /></div>}>
        {() => <NotificationHistory />}
      </RequireAuth>
    </>
  );
}

function NotificationHistory() {
  const { notifications, isLoading, isError, retry, markRead, markAllRead, isMarkingAll } = useNotifications();
  const [older, setOlder] = useState<NotificationDto[]>([]);
  const [ended, setEnded] = useState(false);
  const [filter, setFilter] = useState<NotificationFilterValue>("all");
  const [loadPage, page] = useLazyGetNotificationsPageQuery();

  const all = useMemo(() => mergeNotifications(notifications, older), [notifications, older]);
  const shown = filter === "unread" ? all.filter((n) => n.status === "unread") : all;
  const groups = useMemo(() => groupNotifications(shown), [shown]);
  const oldest = all[all.length - 1];
  const hasMore = !ended && all.length >= PAGE;

  const read = (id: string) => {
    markRead(id);
    setOlder((list) => markReadLocally(list, [id]));
  };
  const readAll = () => {
    markAllRead();
    setOlder((list) => markReadLocally(list, "all"));
  };
  const loadOlder = async () => {
    if (!oldest) return;
    const result = await loadPage({ before: oldest.createdAt, limit: PAGE }).unwrap().catch(() => null);
    if (!result) return;
    setOlder((list) => mergeNotifications(list, result.notifications));
    if (result.notifications.length < PAGE) setEnded(true);
  };

  if (isLoading) return <div className="card card-pad"><Spinner label="Loading notifications" /></div>;
  if (isError) return <ErrorState title="Couldn't load your notifications" onRetry={() => void retry()} />;
  return (
    <section className="card notif-page" aria-label="Notification history">
      <div className="notif-toolbar">
        <NotificationFilter value={filter} onChange={setFilter} />
        <button type="button" className="btn btn-secondary btn-sm" onClick={readAll}
          disabled={all.every((n) => n.status === "read") || isMarkingAll}>
          Mark all read
        </button>
      </div>
      {groups.length === 0 ? (
        <EmptyState icon={<BellIcon size={26} />} title={filter === "unread" ? "No unread notifications" : "Nothing here yet"}
          message="Purchases, replies and announcements will show up here." />
      ) : (
        <ul className="notif-list" aria-label="Notifications" data-testid="notification-history">
          {groups.map((g) => <NotificationItem key={g.key} group={g} onRead={read} />)}
        </ul>
      )}
      {hasMore && (
        <div className="notif-more">
          <button type="button" className="btn btn-secondary" onClick={() => void loadOlder()} disabled={page.isFetching}>
            {page.isFetching ? <><Spinner label="Loading older notifications" /> Loading…</> : "Load older"}
          </button>
        </div>
      )}
    </section>
  );
}
