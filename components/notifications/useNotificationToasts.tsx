"use client";

import { useEffect } from "react";
import toast from "react-hot-toast";
import type { NotificationDto } from "@/contracts/dto";
import { useSocket } from "@/lib/client/socketContext";
import { BellIcon } from "@/components/ui/icons";
import { toastOnce } from "@/lib/client/toastOnce";

/** Pops a toast for every live notification, once per user across tabs. Mount once. */
export function useNotificationToasts(): void {
  const socket = useSocket();

  useEffect(() => {
    if (!socket) return;
    const onNew = (notification: NotificationDto) => {
      toastOnce(notification.id, () => {
        toast(
          <div className="toast-body" data-testid="notification-toast">
            <strong>{notification.title}</strong>
            <span>{notification.message}</span>
          </div>,
          { id: notification.id, duration: 6000, icon: <span className="toast-icon"><BellIcon size={16} /></span> },
        );
      });
    };
    socket.on("newNotification", onNew);
    return () => {
      socket.off("newNotification", onNew);
    };
  }, [socket]);
}
