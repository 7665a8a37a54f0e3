import { Types } from "mongoose";
import { Course } from "@/models/Course";
import { notFound } from "../../errors";

/** Course pages are public: following one needs only that it exists (else 404). */
export async function requireCourse(courseId: string): Promise<void> {
  if (!(await Course.exists({ _id: new Types.ObjectId(courseId) }))) throw notFound("course");
}
