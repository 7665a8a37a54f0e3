"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { UserDto } from "@/contracts/dto";
import { AWAY_MS, buildDigest, lastSeen, markSeen, type DigestLine } from "@/lib/client/awayDigest";
import { useGetConversationsQuery } from "@/redux/features/chat/chatApi";
import { useGetNotificationsQuery } from "@/redux/features/notifications/notificationsApi";

const KEEP_SEEN_MS = 60_000;

/**
 * "While you were away": for a user back after an hour or more (a new session, or a hidden tab
 * shown again), one card with what happened since their last visit (lib/client/awayDigest.ts),
 * shown once: the last visit moves to now as soon as it is read, in every tab (localStorage).
 */
export function AwayDigest({ user }: { user: UserDto }) {
  const notifications = useGetNotificationsQuery();
  const conversations = useGetConversationsQuery();
  const [lines, setLines] = useState<DigestLine[]>([]);
  /** The last visit, read once per return; null while none is pending. */
  const [returnedSince, setReturnedSince] = useState<number | null>(null);

  // Note the last visit on load, then keep "last seen" fresh while the tab is in front.
  useEffect(() => {
    const noteReturn = () => {
      const since = lastSeen(user.id);
      if (since !== null && Date.now() - since >= AWAY_MS) setReturnedSince(since);
      markSeen(user.id);
    };
    noteReturn();
    const timer = setInterval(() => { if (document.visibilityState === "visible") markSeen(user.id); }, KEEP_SEEN_MS);
    const onVisibility = () => {
      if (document.visibilityState === "visible") noteReturn();
      else markSeen(user.id);
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [user.id]);

  const notes = notifications.data?.notifications;
  const convs = conversations.data;
  useEffect(() => {
    if (!notes || !convs || returnedSince === null) return;
    setReturnedSince(null);
    const digest = buildDigest(notes, convs, user, returnedSince);
    if (digest.length > 0) setLines(digest);
  }, [notes, convs, user, returnedSince]);

  if (lines.length === 0) return null;
  const close = () => { setLines([]); };
  return (
    <section className="away-digest card" aria-labelledby="away-heading" data-testid="away-digest">
      <div className="away-head">
        <h2 id="away-heading">While you were away</h2>
        <button type="button" className="btn btn-ghost btn-sm" onClick={close}>Dismiss</button>
      </div>
      <ul>
        {lines.map((line) => (
          <li key={line.key}>
            {line.href ? <Link href={line.href} onClick={close}>{line.text}</Link> : <span>{line.text}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
