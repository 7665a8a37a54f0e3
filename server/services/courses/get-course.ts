import { Types } from "mongoose";
import { z } from "zod";
import type { CourseDto } from "@/contracts/dto";
import { objectId } from "@/contracts/schemas";
import { Course, type CourseDoc } from "@/models/Course";
import { Purchase } from "@/models/Purchase";
import { notFound } from "../../errors";
import { parseInput } from "../../validation";
import { coursesToDtos } from "./load";

/** A course is addressed by its id or its slug. */
export const courseRef = z.union([objectId, z.string().regex(/^[a-z0-9-]{1,100}$/, "must be a course id or slug")]);

export async function getCourse(
  ref: unknown,
  viewer: { userId: string } | null,
): Promise<{ course: CourseDto; owned: boolean }> {
  const idOrSlug = parseInput(courseRef, ref);
  const filter = /^[0-9a-f]{24}$/i.test(idOrSlug) ? { _id: new Types.ObjectId(idOrSlug) } : { slug: idOrSlug };
  const doc = (await Course.findOne(filter).lean()) as CourseDoc | null;
  if (!doc) throw notFound("course");
  const [course] = await coursesToDtos([doc]);
  if (!course) throw notFound("course");
  const owned = viewer
    ? (await Purchase.countDocuments({ learner: new Types.ObjectId(viewer.userId), course: doc._id })) > 0
    : false;
  return { course, owned };
}
