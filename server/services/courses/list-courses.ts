import type { CourseDto } from "@/contracts/dto";
import { coursesToDtos, findCourseDocs } from "./load";

export async function listCourses(): Promise<CourseDto[]> {
  return coursesToDtos(await findCourseDocs());
}
