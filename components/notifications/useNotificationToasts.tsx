"use client";

import Link from "next/link";
import { useEffect } from "react";
import toast from "react-hot-toast";
import type { NotificationDto } from "@/contracts/dto";
import { useSocket } from "@/lib/client/socketContext";
import { BellIcon } from "@/components/ui/icons";
import { conversationOfLink, isConversationOnScreen } from "@/lib/client/chatOnScreen";
import { toastOnce } from "@/lib/client/toastOnce";

/** One toast; with a link the whole toast opens it (and marks the notification read). */
function NotificationToast({ notification, onOpen }: { notification: NotificationDto; onOpen: () => void }) {
  const body = (
    <>
      <strong>{notification.title}</strong>
      <span>{notification.message}</span>
    </>
  );
  return notification.link ? (
    <Link href={notification.link} className="toast-body toast-link" data-testid="notification-toast" onClick={onOpen}>
      {body}
    </Link>
  ) : (
    <div className="toast-body" data-testid="notification-toast">{body}</div>
  );
}

/**
 * Pops a toast for every live notification, once per user across tabs, except a chat message of a
 * conversation that is on screen in this tab (the message is already in front of the reader).
 * Mount once.
 */
export function useNotificationToasts(markRead: (id: string) => void): void {
  const socket = useSocket();

  useEffect(() => {
    if (!socket) return;
    const onNew = (notification: NotificationDto) => {
      const conversationId = conversationOfLink(notification.link);
      if (conversationId && isConversationOnScreen(conversationId)) return;
      toastOnce(notification.id, () => {
        const open = () => {
          if (notification.status === "unread") markRead(notification.id);
          toast.dismiss(notification.id);
        };
        toast(<NotificationToast notification={notification} onOpen={open} />, {
          id: notification.id, duration: 6000, icon: <span className="toast-icon"><BellIcon size={16} /></span>,
        });
      });
    };
    socket.on("newNotification", onNew);
    return () => {
      socket.off("newNotification", onNew);
    };
  }, [socket, markRead]);
}
