import { Types } from "mongoose";
import { Course, type CourseDoc } from "@/models/Course";
import { Purchase } from "@/models/Purchase";
import type { Actor } from "../../auth/actor";
import { notFound } from "../../errors";

export interface LessonAccess {
  courseId: Types.ObjectId;
  instructorId: Types.ObjectId;
  /** Buyers of the course, its instructor and admins: may read and post. */
  member: boolean;
  /** The course's first lesson is a free preview: any signed-in user may read (and listen to) its Q&A. */
  preview: boolean;
}

/** Who may do what on a lesson's Q&A (SPEC F8). Unknown lesson: 404. */
export async function lessonAccess(lessonId: string, actor: Actor): Promise<LessonAccess> {
  const lid = new Types.ObjectId(lessonId);
  const course = (await Course.findOne({ "lessons._id": lid }, { instructor: 1, lessons: 1 }).lean()) as Pick<
    CourseDoc,
    "_id" | "instructor" | "lessons"
  > | null;
  if (!course) throw notFound("lesson");
  const first = [...course.lessons].sort((a, b) => a.position - b.position)[0];
  const preview = first?._id.equals(lid) ?? false;
  let member = actor.role === "admin" || course.instructor.equals(actor.userId);
  if (!member && actor.role === "learner") {
    member = (await Purchase.exists({ learner: new Types.ObjectId(actor.userId), course: course._id })) !== null;
  }
  return { courseId: course._id, instructorId: course.instructor, member, preview };
}
