import { Types } from "mongoose";
import type { CourseDto, PublicUserDto } from "@/contracts/dto";
import { Course, toCourseDto, type CourseDoc, type VideoUrlFor } from "@/models/Course";
import { User, toPublicUserDto } from "@/models/User";

const unknownInstructor = (id: string): PublicUserDto => ({ id, name: "Unknown instructor", role: "instructor" });

/**
 * Turns course documents into DTOs, loading their instructors in one query. Lessons carry a
 * `videoUrl` only where `videoFor` gives one (the course page, for those who may watch).
 */
export async function coursesToDtos(courses: CourseDoc[], videoFor?: VideoUrlFor): Promise<CourseDto[]> {
  const ids = [...new Set(courses.map((c) => c.instructor.toString()))].map((id) => new Types.ObjectId(id));
  const users = ids.length ? await User.find({ _id: { $in: ids } }, { name: 1, role: 1 }).lean() : [];
  const byId = new Map(users.map((u) => [u._id.toString(), toPublicUserDto(u)]));
  return courses.map((c) => {
    const instructorId = c.instructor.toString();
    return toCourseDto(c, byId.get(instructorId) ?? unknownInstructor(instructorId), videoFor);
  });
}

export async function findCourseDocs(filter: { _id?: { $in: Types.ObjectId[] } } = {}): Promise<CourseDoc[]> {
  return (await Course.find(filter).sort({ createdAt: 1, _id: 1 }).lean());
}
