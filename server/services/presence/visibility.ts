import { Types } from "mongoose";
import { Conversation } from "@/models/Conversation";
import { Course } from "@/models/Course";
import { Purchase } from "@/models/Purchase";
import type { Actor } from "../../auth/actor";
import { idString } from "../../db/id-string";
import { caches, invalidate } from "../caches";

/**
 * Relations only grow: a course is bought or a direct conversation opened, and those services call
 * `relate`, which adds the pair to both cached sets on every node (caches.ts) instead of dropping
 * them, so a burst of new conversations does not empty the cache. Without the cache every presence
 * change cost 4 queries (docs/BENCHMARKS.md).
 */
const relations = caches.relations;

/** `a` and `b` may now see each other's presence (a purchase, a new direct conversation). */
export function relate(a: string, b: string): void {
  invalidate({ related: [a, b] });
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
  // Flat strings: every online user's set stays cached (id-string.ts).
  for (const c of chats) for (const p of c.participants) related.add(idString(p));
  if (bought.length) {
    const courses = await Course.find({ _id: { $in: bought.map((p) => p.course) } }, { instructor: 1 }).lean();
    for (const c of courses) related.add(idString(c.instructor));
  }
  if (taught.length) {
    const buyers = await Purchase.find({ course: { $in: taught.map((c) => c._id) } }, { learner: 1 }).lean();
    for (const p of buyers) related.add(idString(p.learner));
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
