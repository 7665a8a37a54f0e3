import type { Metadata } from "next";
import { InboxPage } from "@/components/chat/InboxPage";

export const metadata: Metadata = { title: "Messages" };

export default function Page() {
  return <InboxPage />;
}
