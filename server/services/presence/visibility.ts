import { Types } from "mongoose";
import { Course } from "@/models/Course";
import { Purchase } from "@/models/Purchase";
import type { Actor } from "../../auth/actor";

/**
 * Who may see whose presence (SPEC F6): admins see everyone; a learner and the instructor of a course
 * they bought see each other. (Conversation partners join this rule with chat, F5.)
 */
export async function relatedUserIds(userId: string): Promise<Set<string>> {
  const me = new Types.ObjectId(userId);
  const [bought, taught] = await Promise.all([
    Purchase.find({ learner: me }, { course: 1 }).lean(),
    Course.find({ instructor: me }, { _id: 1 }).lean(),
  ]);
  const related = new Set<string>();
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
