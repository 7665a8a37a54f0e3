"use client";

import Link from "next/link";
import { motion } from "framer-motion";
import type { NotificationDto } from "@/contracts/dto";
import { formatRelative } from "@/lib/client/format";

const TYPE_LABELS: Record<NotificationDto["type"], string> = {
  course_purchased: "Purchase",
  new_review: "Review",
  reply: "Reply",
  chat_message: "Message",
  announcement: "Announcement",
};

export function NotificationItem({ notification, onRead, onOpen }: {
  notification: NotificationDto;
  onRead: (id: string) => void;
  onOpen: () => void;
}) {
  const unread = notification.status === "unread";
  return (
    <motion.li className="notif-row" layout initial={{ opacity: 0, y: -8 }} animate={{ opacity: 1, y: 0 }}
      exit={{ opacity: 0 }} transition={{ duration: 0.2 }}>
      <button type="button" className="notif-item" data-testid="notification-item" data-status={notification.status}
        aria-label={`${unread ? "Unread: " : ""}${notification.title}. ${notification.message}`}
        onClick={() => {
          if (unread) onRead(notification.id);
        }}>
        <span className="dot" aria-hidden="true" />
        <span>
          <span className="notif-title">{notification.title}</span>
          <span className="notif-message">{notification.message}</span>
          <span className="notif-meta">
            <span>{TYPE_LABELS[notification.type]}</span>
            <span aria-hidden="true">·</span>
            <time dateTime={notification.createdAt}>{formatRelative(notification.createdAt)}</time>
          </span>
        </span>
      </button>
      {notification.link && (
        <Link className="notif-open" href={notification.link} onClick={() => {
          if (unread) onRead(notification.id);
          onOpen();
        }}>
          View<span className="sr-only"> {notification.title}</span>
        </Link>
      )}
    </motion.li>
  );
}
