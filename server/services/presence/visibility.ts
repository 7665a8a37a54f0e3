import { Types } from "mongoose";
import { Conversation } from "@/models/Conversation";
import { Course } from "@/models/Course";
import { Purchase } from "@/models/Purchase";
import type { Actor } from "../../auth/actor";
import { runtime } from "../../runtime";
import { PromiseCache } from "../cache";

/**
 * Relations only grow: a course is bought or a direct conversation opened, and those services call
 * `relate`, which adds the pair to both cached sets (and to a load in flight) instead of dropping
 * them, so a burst of new conversations does not empty the cache. The TTL bounds how stale a process
 * can be about relations made by another process (F11). Kept in the runtime registry, so the REST
 * handlers Next bundles separately update the same cache the sockets read. Without the cache every
 * presence change cost 4 queries (docs/BENCHMARKS.md).
 */
const RELATIONS_TTL_MS = 5 * 60_000;
const relations = () => runtime.store("presence-relations", () => new PromiseCache<Set<string>>(RELATIONS_TTL_MS));

/** `a` and `b` may now see each other's presence (a purchase, a new direct conversation). */
export function relate(a: string, b: string): void {
  for (const [user, other] of [[a, b], [b, a]] as const) {
    void relations()
      .peek(user)
      ?.then((set) => set.add(other))
      .catch(() => undefined); // a failed load is dropped by the cache; the next one reads the store
  }
}

/** Who may see `userId`'s presence and whose presence `userId` may see (the relation is symmetric). */
export function relatedUserIds(userId: string): Promise<ReadonlySet<string>> {
  return relations().get(userId, () => loadRelatedUserIds(userId));
}

/**
 * Who may see whose presence (SPEC F6): admins see everyone; a learner and the instructor of a course
 * they bought see each other; so do the two users of a direct conversation (F5). Support conversations
 * add nothing: admins already see everyone, and the admins behind "support" stay a group.
 */
async function loadRelatedUserIds(userId: string): Promise<Set<string>> {
  const me = new Types.ObjectId(userId);
  const [bought, taught, chats] = await Promise.all([
    Purchase.find({ learner: me }, { course: 1 }).lean(),
    Course.find({ instructor: me }, { _id: 1 }).lean(),
    Conversation.find({ participants: me, kind: "direct" }, { participants: 1 }).lean(),
  ]);
  const related = new Set<string>();
  for (const c of chats) for (const p of c.participants) related.add(p.toString());
  if (bought.length) {
    const courses = await Course.find({ _id: { $in: bought.map((p) => p.course) } }, { instructor: 1 }).lean();
    for (const c of courses) related.add(c.instructor.toString());
  }
  if (taught.length) {
    const buyers = await Purchase.find({ course: { $in: taught.map((c) => c._id) } }, { learner: 1 }).lean();
    for (const p of buyers) related.add(p.learner.toString());
  }
  related.delete(userId);
  return related;
}

/** The subset of `ids` whose status `viewer` may see. */
export async function visibleTo(viewer: Actor, ids: readonly string[]): Promise<string[]> {
  if (viewer.role === "admin") return [...ids];
  const related = await relatedUserIds(viewer.userId);
  return ids.filter((id) => id === viewer.userId || related.has(id));
}
