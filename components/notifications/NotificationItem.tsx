"use client";

import Link from "next/link";
import { motion } from "framer-motion";
import type { NotificationDto } from "@/contracts/dto";
import { formatRelative } from "@/lib/client/format";
import type { NotificationGroup } from "@/lib/client/notificationGroups";

const TYPE_LABELS: Record<NotificationDto["type"], string> = {
  course_purchased: "Purchase",
  new_review: "Review",
  reply: "Reply",
  chat_message: "Message",
  announcement: "Announcement",
  new_question: "Question",
};

/**
 * One row (a notification, or a group of similar ones). The whole row is the link to what it is
 * about; opening it marks everything in it read. A row without a link is a button that marks it read.
 */
export function NotificationItem({ group, onRead, onOpen }: {
  group: NotificationGroup;
  onRead: (id: string) => void;
  onOpen?: () => void;
}) {
  const newest = group.items[0];
  if (!newest) return null;
  const count = group.items.length;
  const readAll = () => {
    for (const n of group.items) if (n.status === "unread") onRead(n.id);
  };
  const content = (
    <>
      <span className="dot" aria-hidden="true" />
      <span>
        {group.unread && <span className="sr-only">Unread: </span>}
        <span className="notif-title">{group.title}</span>
        <span className="notif-message">{newest.message}{count > 1 ? ` and ${String(count - 1)} more` : ""}</span>
        <span className="notif-meta">
          <span>{TYPE_LABELS[newest.type]}</span>
          <span aria-hidden="true">·</span>
          <time dateTime={newest.createdAt}>{formatRelative(newest.createdAt)}</time>
        </span>
      </span>
    </>
  );
  const status = group.unread ? "unread" : "read";
  return (
    <motion.li className="notif-row" layout="position" initial={{ opacity: 0, y: -8 }} animate={{ opacity: 1, y: 0 }}
      exit={{ opacity: 0 }} transition={{ duration: 0.2 }}>
      {newest.link ? (
        <Link href={newest.link} className="notif-item" data-testid="notification-item" data-status={status}
          data-count={count} onClick={() => { readAll(); onOpen?.(); }}>
          {content}
        </Link>
      ) : (
        <button type="button" className="notif-item" data-testid="notification-item" data-status={status}
          data-count={count} onClick={readAll}>
          {content}
        </button>
      )}
    </motion.li>
  );
}
