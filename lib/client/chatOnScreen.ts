/**
 * The conversations on screen in this tab (an open conversation page or floating window), so a
 * notification about one of them is not toasted: the message is already in front of the reader.
 */
const onScreen = new Map<string, number>();

export function showConversation(conversationId: string): () => void {
  onScreen.set(conversationId, (onScreen.get(conversationId) ?? 0) + 1);
  return () => {
    const left = (onScreen.get(conversationId) ?? 1) - 1;
    if (left <= 0) onScreen.delete(conversationId);
    else onScreen.set(conversationId, left);
  };
}

export function isConversationOnScreen(conversationId: string): boolean {
  return onScreen.has(conversationId);
}

/** The conversation a notification link points at (`/messages/<id>`), if any. */
export function conversationOfLink(link: string | null): string | null {
  const match = /^\/messages\/([^/?#]+)$/.exec(link ?? "");
  return match?.[1] ?? null;
}
