import { Types } from "mongoose";
import type { PurchaseDto } from "@/contracts/dto";
import { Course } from "@/models/Course";
import { Purchase, toPurchaseDto, type PurchaseDoc } from "@/models/Purchase";
import { User, toPublicUserDto } from "@/models/User";

/** The admin dashboard's initial list: newest first. */
export async function listRecentPurchases(limit = 50): Promise<PurchaseDto[]> {
  const docs = (await Purchase.find({}).sort({ createdAt: -1, _id: -1 }).limit(limit).lean()) as PurchaseDoc[];
  const courseIds = unique(docs.map((d) => d.course.toString()));
  const learnerIds = unique(docs.map((d) => d.learner.toString()));
  const [courses, learners] = await Promise.all([
    courseIds.length ? Course.find({ _id: { $in: courseIds } }, { title: 1 }).lean() : [],
    learnerIds.length ? User.find({ _id: { $in: learnerIds } }, { name: 1, role: 1 }).lean() : [],
  ]);
  const titles = new Map(courses.map((c) => [c._id.toString(), c.title]));
  const people = new Map(learners.map((u) => [u._id.toString(), toPublicUserDto(u)]));
  return docs.map((d) => {
    const learnerId = d.learner.toString();
    return toPurchaseDto(
      d,
      { title: titles.get(d.course.toString()) ?? "Deleted course" },
      people.get(learnerId) ?? { id: learnerId, name: "Deleted user", role: "learner" },
    );
  });
}

const unique = (ids: string[]) => [...new Set(ids)].map((id) => new Types.ObjectId(id));
