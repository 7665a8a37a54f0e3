import type { Metadata } from "next";
import { NotificationsPage } from "@/components/notifications/NotificationsPage";

export const metadata: Metadata = { title: "Notifications", description: "Everything that happened on your courses, chats and questions." };

export default function Page() {
  return <NotificationsPage />;
}
