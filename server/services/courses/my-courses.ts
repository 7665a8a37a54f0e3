import { Types } from "mongoose";
import type { CourseDto } from "@/contracts/dto";
import { Course } from "@/models/Course";
import { Purchase } from "@/models/Purchase";
import type { Actor } from "../../auth/actor";
import { coursesToDtos, findCourseDocs } from "./load";

/** The courses a user bought (newest purchase first), then, for instructors, the ones they teach. */
export async function myCourses(auth: Actor): Promise<CourseDto[]> {
  const me = new Types.ObjectId(auth.userId);
  const purchases = await Purchase.find({ learner: me }, { course: 1 }).sort({ createdAt: -1 }).lean();
  const ids = purchases.map((p) => p.course.toString());
  if (auth.role === "instructor") {
    const taught = await Course.find({ instructor: me }, { _id: 1 }).sort({ createdAt: 1 }).lean();
    for (const c of taught) if (!ids.includes(c._id.toString())) ids.push(c._id.toString());
  }
  if (ids.length === 0) return [];
  const docs = await findCourseDocs({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } });
  const order = new Map(ids.map((id, i) => [id, i]));
  docs.sort((a, b) => (order.get(a._id.toString()) ?? 0) - (order.get(b._id.toString()) ?? 0));
  return coursesToDtos(docs);
}
