import type { Metadata } from "next";
import { ConversationPage } from "@/components/chat/ConversationPage";

export const metadata: Metadata = { title: "Conversation" };

export default async function Page({ params }: { params: Promise<{ conversationId: string }> }) {
  const { conversationId } = await params;
  return <ConversationPage conversationId={conversationId} />;
}
