"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AnimatePresence, motion } from "framer-motion";
import { BellIcon } from "@/components/ui/icons";
import { useDismiss } from "@/hooks/useDismiss";
import { useNotifications } from "@/hooks/useNotifications";
import { useNotificationToasts } from "./useNotificationToasts";
import { panelClosed, panelToggled, selectPanelOpen } from "@/redux/features/notifications/notificationsSlice";
import { useAppDispatch, useAppSelector } from "@/redux/hooks";
import { groupNotifications } from "@/lib/client/notificationGroups";
import { NotificationFilter, type NotificationFilterValue } from "./NotificationFilter";
import { NotificationItem } from "./NotificationItem";

/** Bell, unread badge and the animated panel (SPEC F4). */
export function NotificationCenter() {
  const dispatch = useAppDispatch();
  const open = useAppSelector(selectPanelOpen);
  const { notifications, unreadCount, isLoading, isReady, isError, retry, markRead, markAllRead, isMarkingAll } =
    useNotifications();
  useNotificationToasts(markRead);
  const [filter, setFilter] = useState<NotificationFilterValue>("all");
  const groups = useMemo(
    () => groupNotifications(filter === "unread" ? notifications.filter((n) => n.status === "unread") : notifications),
    [notifications, filter],
  );
  const anchor = useRef<HTMLDivElement>(null);
  const bell = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const close = useCallback(() => {
    // Back to the bell when the panel had focus, so keyboard users don't get lost.
    if (panel.current?.contains(document.activeElement)) bell.current?.focus();
    dispatch(panelClosed());
  }, [dispatch]);
  useDismiss(anchor, open, close);
  useEffect(() => {
    if (open) panel.current?.focus();
  }, [open]);

  return (
    <div className="popover-anchor" ref={anchor}>
      <button ref={bell} type="button" className="icon-btn" aria-expanded={open}
        aria-controls="notification-panel"
        data-testid="notification-bell" data-state={isReady ? "ready" : "loading"}
        data-unread={unreadCount} onClick={() => dispatch(panelToggled())}>
        <BellIcon />
        <span className="sr-only">Notifications</span>
        {unreadCount > 0 && (
          <span className="badge" data-testid="notification-badge">
            {unreadCount > 99 ? "99+" : unreadCount}
          </span>
        )}
        {unreadCount > 0 && <span className="sr-only"> unread</span>}
      </button>
      <AnimatePresence>
        {open && (
          <motion.div ref={panel} tabIndex={-1} id="notification-panel" className="popover notif-panel" role="dialog"
            aria-label="Notifications"
            data-testid="notification-panel" initial={{ opacity: 0, scale: 0.96, y: -6 }}
            animate={{ opacity: 1, scale: 1, y: 0 }} exit={{ opacity: 0, scale: 0.96, y: -6 }}
            transition={{ duration: 0.16, ease: "easeOut" }}>
            {/* A div, not <header>: inside the page a header is a banner landmark, and there is one already. */}
            <div className="notif-head">
              <h2>Notifications</h2>
              <button type="button" className="btn btn-ghost btn-sm" onClick={markAllRead}
                disabled={notifications.every((n) => n.status === "read") || isMarkingAll}>
                Mark all read
              </button>
            </div>
            <div className="notif-toolbar">
              <NotificationFilter value={filter} onChange={setFilter} />
              <Link href="/notifications" className="notif-see-all" onClick={close}>See all</Link>
            </div>
            <PanelBody loading={isLoading} error={isError} onRetry={() => void retry()} empty={groups.length === 0}
              filtered={filter === "unread"}>
              <ul className="notif-list" aria-label="Notification list">
                <AnimatePresence initial={false}>
                  {groups.map((g) => (
                    <NotificationItem key={g.key} group={g} onRead={markRead} onOpen={close} />
                  ))}
                </AnimatePresence>
              </ul>
            </PanelBody>
          </motion.div>
        )}
      </AnimatePresence>
    </div>
  );
}

function PanelBody({ loading, error, empty, filtered, onRetry, children }: {
  loading: boolean; error: boolean; empty: boolean; filtered: boolean; onRetry: () => void; children: React.ReactNode;
}) {
  if (loading) {
    return (
      <div className="notif-skeleton" aria-busy="true" aria-label="Loading notifications">
        {[0, 1, 2].map((i) => <div key={i} className="skeleton" style={{ height: 52 }} />)}
      </div>
    );
  }
  if (error) {
    return (
      <div className="notif-empty" role="alert">
        <p>Couldn&apos;t load notifications.</p>
        <button type="button" className="btn btn-secondary btn-sm" onClick={onRetry}>Try again</button>
      </div>
    );
  }
  if (empty) {
    return (
      <div className="notif-empty">
        <BellIcon size={28} />
        <p><strong>You&apos;re all caught up</strong><br />
          {filtered ? "No unread notifications." : "Purchases, replies and announcements will show up here."}</p>
      </div>
    );
  }
  return <>{children}</>;
}
