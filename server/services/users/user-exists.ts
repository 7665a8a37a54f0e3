import { Types } from "mongoose";
import { User } from "@/models/User";
import { runtime } from "../../runtime";
import { caches, invalidate } from "../caches";

/**
 * Whether an account still exists, for tokens that outlive it: a validly signed access token of a
 * deleted user must not open sockets or write. Cached for a minute (`forgetUser` when an account is
 * deleted); the ids asked for in one event-loop turn are looked up with one query, so a burst of
 * handshakes costs one round trip, not one each.
 */
const cache = caches.userExists;
const batch = () => runtime.store("user-exists-batch", () => ({ pending: null as Map<string, (found: boolean | Error) => void> | null }));

export function userExists(userId: string): Promise<boolean> {
  return cache().get(userId, () => lookUp(userId));
}

/** Call when an account is deleted, so its tokens are refused at once on every node. */
export function forgetUser(userId: string): void {
  invalidate({ userGone: userId });
}

function lookUp(userId: string): Promise<boolean> {
  const b = batch();
  return new Promise<boolean>((resolve, reject) => {
    const settle = (found: boolean | Error) => { if (found instanceof Error) reject(found); else resolve(found); };
    if (b.pending) {
      b.pending.set(userId, settle);
      return;
    }
    const pending = new Map([[userId, settle]]);
    b.pending = pending;
    setImmediate(() => {
      b.pending = null;
      const ids = [...pending.keys()].map((id) => new Types.ObjectId(id));
      User.find({ _id: { $in: ids } }, { _id: 1 }).lean().then(
        (docs) => {
          const found = new Set(docs.map((d) => d._id.toString()));
          for (const [id, done] of pending) done(found.has(id));
        },
        (e: unknown) => {
          const err = e instanceof Error ? e : new Error(String(e));
          for (const done of pending.values()) done(err);
        },
      );
    });
  });
}
