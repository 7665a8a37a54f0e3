import { runtime } from "../../runtime";

/**
 * Which recipients this process knows to hold an unread `chat_message` notification for a
 * conversation. While a chat is closed every message asks "already notified?" (notify-chat.ts); a
 * known answer skips that query, so a burst of messages costs one lookup instead of one per message.
 *
 * An entry is added when the notification is created or found, and dropped when its recipient reads
 * it (markAsRead on the conversation, or marking notifications read) or after TTL_MS. With several
 * server processes (F11) a read in another process is seen here at most TTL_MS late: until then this
 * process does not raise a new notification for that conversation (the message itself is delivered).
 */
const TTL_MS = 60_000;
const MAX_RECIPIENTS = 50_000;

type Notices = Map<string, Map<string, number>>;

function notices(): Notices {
  return runtime.store("chat-pending-notices", (): Notices => new Map());
}

export const pendingNotices = {
  has(recipientId: string, conversationId: string, now = Date.now()): boolean {
    const expires = notices().get(recipientId)?.get(conversationId);
    return expires !== undefined && expires > now;
  },

  add(recipientIds: string[], conversationId: string, now = Date.now()): void {
    const all = notices();
    for (const id of recipientIds) {
      let mine = all.get(id);
      if (!mine) {
        mine = new Map();
        all.set(id, mine);
        if (all.size > MAX_RECIPIENTS) all.delete(all.keys().next().value ?? "");
      }
      mine.set(conversationId, now + TTL_MS);
    }
  },

  /** The recipient read this conversation's notification (or, without a conversation, any of theirs). */
  forget(recipientId: string, conversationId?: string): void {
    if (conversationId === undefined) notices().delete(recipientId);
    else notices().get(recipientId)?.delete(conversationId);
  },
};
