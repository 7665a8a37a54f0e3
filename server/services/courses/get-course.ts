import { Types } from "mongoose";
import { z } from "zod";
import type { CourseDto } from "@/contracts/dto";
import { objectId } from "@/contracts/schemas";
import { Course, type CourseDoc } from "@/models/Course";
import { Purchase } from "@/models/Purchase";
import type { Actor } from "../../auth/actor";
import { notFound } from "../../errors";
import { viewerVideoUrl } from "../../media/files";
import { watchableLessonIds } from "./lesson-access";
import { coursesToDtos } from "./load";

/** A course is addressed by its id or its slug. */
export const courseRef = z.union([objectId, z.string().regex(/^[a-z0-9-]{1,100}$/, "must be a course id or slug")]);

export const getCourseInput = z.object({ idOrSlug: courseRef });

/**
 * A course page. Lessons the viewer may watch (`lessonAccess`'s rule) carry a signed `videoUrl`;
 * the others, and every lesson for anonymous callers, carry none.
 */
export async function getCourse({ idOrSlug }: z.output<typeof getCourseInput>, viewer: Actor | null): Promise<{ course: CourseDto; owned: boolean }> {
  const filter = /^[0-9a-f]{24}$/i.test(idOrSlug) ? { _id: new Types.ObjectId(idOrSlug) } : { slug: idOrSlug };
  const doc = (await Course.findOne(filter).lean()) as CourseDoc | null;
  if (!doc) throw notFound("course");
  const owned = viewer
    ? (await Purchase.countDocuments({ learner: new Types.ObjectId(viewer.userId), course: doc._id })) > 0
    : false;
  const watchable = watchableLessonIds(doc, viewer, owned);
  const [course] = await coursesToDtos([doc], (lesson) =>
    viewer && watchable.has(lesson._id.toString()) ? viewerVideoUrl(lesson, viewer.userId) : undefined,
  );
  if (!course) throw notFound("course");
  return { course, owned };
}
