import { revokedSessions } from "../auth/revoked-sessions";
import { runtime } from "../runtime";
import { PromiseCache } from "./cache";

/**
 * Every cache the server keeps, in one place, with what invalidates each (docs/ARCHITECTURE.md "What
 * the hot paths keep in memory" has the measured reason each one stays). Each process keeps its own
 * copy (in the runtime registry, cleared when a server starts); with
 * several nodes (F11) a change one node makes is sent to all of them through `invalidate()` (Redis
 * pub/sub, cluster/invalidation.ts), and a node that may have missed messages (Redis came back)
 * drops them all (`dropAllCaches`).
 *
 * | cache              | key -> value                                 | TTL    | changes when, and how                                                                         |
 * |--------------------|----------------------------------------------|--------|-----------------------------------------------------------------------------------------------|
 * | userExists         | user id -> the account exists                | 60 s   | an account is deleted: `{ userGone }`, every node                                             |
 * | relations          | user id -> who may see their presence        | 5 min  | a purchase or a new direct conversation: `{ related }` adds the pair in place, every node      |
 * | conversationRefs   | conversation id -> kind, participants        | 10 min | never (immutable; ids are made by the insert, so no node can have cached their absence)        |
 * | lessonPlaces       | lesson id -> course, instructor, preview     | 10 min | never (courses are not edited)                                                                |
 * | purchases          | learner:course -> bought                     | 10 min | only "bought" is kept and a purchase is never undone: a purchase on one node is seen at once on all |
 * | lessonVideos       | lesson id -> stored video URL                | 10 min | never (courses are not edited)                                                                |
 * | pendingChatNotices | recipient -> conversations with an unread chat notice | 60 s | the recipient reads it: `{ noticeRead }`, every node                                    |
 * | revoked sessions   | session id -> until (auth/revoked-sessions)  | access TTL | logout, token reuse: `{ sessionRevoked }`, every node; reloaded from the store on start and when Redis comes back |
 */
export const caches = {
  userExists: () => runtime.store("user-exists", () => new PromiseCache<boolean>(60_000, 50_000)),
  relations: () => runtime.store("presence-relations", () => new PromiseCache<Set<string>>(5 * 60_000)),
  conversationRefs: <T>() => runtime.store("conversation-refs", () => new PromiseCache<T | null>(10 * 60_000)),
  lessonPlaces: <T>() => runtime.store("lesson-places", () => new PromiseCache<T | null>(10 * 60_000)),
  purchases: () => runtime.store("course-purchases", () => new PromiseCache<true>(10 * 60_000)),
  lessonVideos: () => runtime.store("lesson-videos", () => new PromiseCache<string | null>(10 * 60_000)),
};

/** A change every node must apply to its caches. */
export type Invalidation =
  | { userGone: string }
  | { related: [string, string] }
  | { noticeRead: { recipientId: string; conversationId?: string } }
  | { sessionRevoked: { sid: string; untilMs: number } };

type Publish = (change: Invalidation) => void;
let publisher: Publish | null = null;

/** Set by server.ts when this process is a cluster node (cluster/invalidation.ts). */
export function setInvalidationPublisher(publish: Publish | null): void {
  publisher = publish;
}

/** Applies a change here and sends it to every other node. */
export function invalidate(change: Invalidation): void {
  applyInvalidation(change);
  publisher?.(change);
}

/** Applies a change (this node's own, or one another node published). */
export function applyInvalidation(change: Invalidation): void {
  if ("userGone" in change) caches.userExists().set(change.userGone, false);
  else if ("related" in change) relateInPlace(...change.related);
  else if ("noticeRead" in change) forgetNotice(change.noticeRead.recipientId, change.noticeRead.conversationId);
  else revokedSessions().revoke(change.sessionRevoked.sid, change.sessionRevoked.untilMs);
}

/** After messages may have been missed: every cache that can go stale starts empty. */
export function dropAllCaches(): void {
  for (const name of ["user-exists", "presence-relations", "chat-pending-notices"]) runtime.dropStore(name);
}

/** Relations only grow: add the pair to both cached sets (and to a load in flight) rather than dropping them. */
function relateInPlace(a: string, b: string): void {
  for (const [user, other] of [[a, b], [b, a]] as const) {
    void caches
      .relations()
      .peek(user)
      ?.then((set) => set.add(other))
      .catch(() => undefined); // a failed load is dropped by the cache; the next one reads the store
  }
}

// ---- pending chat notices -------------------------------------------------------------------------

/**
 * Which recipients are known to hold an unread `chat_message` notification for a conversation. While a
 * chat is closed every message asks "already notified?" (notify-chat.ts); a known answer skips the
 * insert the unique index would refuse, so a burst of messages costs one write instead of one each.
 * Added when the notification is created or found; forgotten when its recipient reads it (on every
 * node) or after NOTICE_TTL_MS.
 */
const NOTICE_TTL_MS = 60_000;
const MAX_RECIPIENTS = 50_000;
type Notices = Map<string, Map<string, number>>;
const notices = (): Notices => runtime.store("chat-pending-notices", (): Notices => new Map());

function forgetNotice(recipientId: string, conversationId?: string): void {
  if (conversationId === undefined) notices().delete(recipientId);
  else notices().get(recipientId)?.delete(conversationId);
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
      mine.set(conversationId, now + NOTICE_TTL_MS);
    }
  },

  /** The recipient read this conversation's notification (or, without a conversation, any of theirs): on every node. */
  forget(recipientId: string, conversationId?: string): void {
    invalidate({ noticeRead: conversationId === undefined ? { recipientId } : { recipientId, conversationId } });
  },
};
